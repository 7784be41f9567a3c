"""Reading a list page (core.lists) in tests."""


def listed(response) -> list:
    """The records on the list's current page, in the order shown."""
    return [row.record for row in response.context["table"].page.object_list]


def counted(response) -> int:
    """The number of rows the list's filters let through, on all pages."""
    return response.context["table"].paginator.count
