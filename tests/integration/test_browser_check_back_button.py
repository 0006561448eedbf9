"""The browser's back button in the check: the question page's address stays /check/N, so going back
loads it again and shows the question now due. Chromium then restored the answer typed on the page
left (the box has the same name on every question): after "How old are you?" 58, Next, back, the
question "How long have you had this pain?" came with 58 in its box, ready to be sent as 58 weeks
(found walking the pages as a first-time user, n9). A question's form keeps nothing across pages."""

from __future__ import annotations

from tests.integration.browser_support import browser, new_page, server  # noqa: F401


def test_back_after_a_number_does_not_fill_the_next_question_with_it(server, browser):  # noqa: F811
    page = new_page(browser)
    page.goto(server.url + "/check")
    page.get_by_role("button", name="Start the questions").click()
    for _ in range(12):  # the red-flag lists first: none of them
        if page.locator("#answer-number").count():
            break
        page.locator("main form button", has_text="None of these").first.click()
        page.wait_for_load_state()
    asked = page.locator("h1").inner_text()
    assert "How old" in asked
    page.fill("#answer-number", "58")
    page.get_by_role("button", name="Next", exact=True).click()
    page.wait_for_load_state()
    following = page.locator("h1").inner_text()
    assert following != asked and page.locator("#answer-number").count()
    page.go_back()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == following  # the question due now, as the server says
    assert page.input_value("#answer-number") == ""  # not the 58 typed for the age
