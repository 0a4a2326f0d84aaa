"""Language tools: tokens, sentences, typed spans, numbers and the one lexicon of word lists.

The only package that touches NLTK, and only the parts that need no downloaded data.
"""
