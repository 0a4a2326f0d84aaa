"""The exit codes of the command line, as the README documents them."""

EXIT_OK = 0  # success; a "no answer" is a success
EXIT_FAILED = 1  # check: some cases failed
EXIT_USAGE = 2  # bad usage, or a question that cannot be asked
EXIT_KNOWLEDGE = 3  # the knowledge folder (or an eval file) cannot be used
EXIT_BROKEN_SET = 4  # check: a question set is broken
EXIT_INTERNAL = 70  # our own bug
EXIT_INTERRUPTED = 130  # Ctrl-C
EXIT_TERMINATED = 143  # SIGTERM (``kill``, a service manager stopping the command)
