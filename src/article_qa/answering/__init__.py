"""Answering: a question analysed, answered from facts or from the retrieved sentences'
candidates, ranked and chosen or declined; follow-ups resolved in a conversation."""
