"""Helpers for the emails we send."""


def subject_line(text: str) -> str:
    """``text`` on one line: a firm's or an event's name in a subject may hold a line break,
    which would make Django refuse the whole message (BadHeaderError) or, in another mailer,
    start a header of its own."""
    return " ".join(str(text).split())
