"""axe-core in the browser tests: no serious or critical accessibility violation, under the portal's real CSP.

axe is evaluated through the browser's debugging protocol (Playwright's `page.evaluate`), which the page's
Content-Security-Policy does not block, so the page is checked exactly as it is served."""

from axe_playwright_python.sync_playwright import Axe

BLOCKING_IMPACTS = {"serious", "critical"}

_axe = Axe()


def blocking_violations(page) -> list[str]:
    """One line per serious or critical violation: the rule, what it asks, and the elements that break it."""
    results = _axe.run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]
