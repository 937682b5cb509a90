"""The package's own exception: every user mistake is reported as a ``GrpoSigmaError``."""


class GrpoSigmaError(ValueError):
    """Bad input to the package: the message is one line naming the problem."""
