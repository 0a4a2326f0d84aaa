"""User interface: the command line, the chat, its slash commands, and how answers,
facts and reports are shown."""
