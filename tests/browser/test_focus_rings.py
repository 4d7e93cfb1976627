"""The portal's strong focus ring (3px dark outline and a yellow halo) reaches form fields,
check boxes and page links too, not only buttons and menu links: Bootstrap's own
``.form-control:focus``, ``.form-select:focus``, ``.form-check-input:focus`` and
``.page-link:focus`` rules would otherwise leave only its faint blue glow."""

import pytest
from django.urls import reverse

from tests.factories import ActivityFactory, OrganisationFactory

pytestmark = pytest.mark.browser

FIELDS = [
    "main input[name=q]",  # .form-control
    "main select[name=target_group]",  # .form-select
    "main input[name=free]",  # .form-check-input
    "main .pagination a.page-link",
]


@pytest.mark.django_db
@pytest.mark.parametrize("selector", FIELDS)
def test_focus_ring_is_strong_on_form_fields_and_page_links(selector, live_server, page):
    organisation = OrganisationFactory()
    ActivityFactory.create_batch(21, organisation=organisation)
    page.goto(live_server.url + reverse("organisations:activity-list"))
    page.locator(selector).first.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # keyboard focus, so :focus-visible applies
    assert page.evaluate("document.activeElement.matches(':focus-visible')"), selector
    outline = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth, s.outlineColor]; }"
    )
    assert outline == ["solid", "3px", "rgb(26, 26, 26)"], selector
