"""The pages carry a Content-Security-Policy that refuses inline script and style, and pass it:
no `<script>` without `src` (bar the JSON data blocks charts read), no `on…=` handler, no
`javascript:` link, no `style` attribute or element. Walked from each role's menu."""

import re
from html.parser import HTMLParser

import pytest


class Inline(HTMLParser):
    """What the policy would refuse in a page, and the links of its menu."""

    def __init__(self) -> None:
        super().__init__()
        self.refused: list[str] = []
        self.links: list[str] = []
        self._in_nav = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script" and not found.get("src") and found.get("type") != "application/json":
            self.refused.append(f"<script> without src: {self.getpos()}")
        if tag == "style":
            self.refused.append(f"<style> element: {self.getpos()}")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.refused.append(f"{tag} {name}= at {self.getpos()}")
            if value and value.strip().lower().startswith("javascript:"):
                self.refused.append(f"{tag} {name}=javascript: at {self.getpos()}")
        if tag == "nav":
            self._in_nav = True
        if tag == "a" and self._in_nav and found.get("href"):
            self.links.append(str(found["href"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self._in_nav = False


def policy_of(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    header = response["Content-Security-Policy"]
    return {part.split(" ", 1)[0]: part.split(" ", 1)[1] for part in header.split("; ") if " " in part}


def test_the_policy_refuses_inline_script_and_style(db, client):
    policy = policy_of(client.get("/accounts/login/"))
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["default-src"] == "'self'" and policy["object-src"] == "'none'"
    assert "unsafe" not in " ".join(policy.values())


@pytest.mark.parametrize("who", ["haizhou", "street", "county", "admin"])
def test_every_page_of_the_menu_passes_the_policy(users, client, who):
    client.force_login(getattr(users, who))
    home = client.get("/", follow=True)
    page = Inline()
    page.feed(home.content.decode())
    assert len(page.links) >= 4, page.links
    walked = {}
    for link in ["/accounts/login/", *page.links]:
        response = client.get(link, follow=True)
        assert response.status_code == 200, link
        assert "script-src 'self'" in response["Content-Security-Policy"], link
        parsed = Inline()
        parsed.feed(response.content.decode())
        walked[link] = parsed.refused
    assert {link: refused for link, refused in walked.items() if refused} == {}


def test_the_print_templates_are_the_only_ones_with_inline_style():
    """Printed forms are made into PDF by WeasyPrint and never served as pages; every other
    template is checked here, including those the walk above does not reach."""
    from pathlib import Path

    import dibao

    root = Path(dibao.__file__).parent
    offenders = []
    for template in root.glob("*/templates/**/*.html"):
        if "print" in template.relative_to(root).parts:
            continue
        text = template.read_text()
        if re.search(
            r"<style|\sstyle=|\son[a-z]+=|<script>|<script(?![^>]*\b(src|type=\"application/json\"))", text
        ):
            offenders.append(str(template.relative_to(root)))
    assert offenders == []
