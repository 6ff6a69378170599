"""Catching Content-Security-Policy violations in real Chromium: the `securitypolicyviolation` event,
reported from every document the page loads, and the console's "Refused to ..." lines."""

from dataclasses import dataclass, field

# Injected by Playwright through the DevTools protocol, which the page's own policy does not govern.
LISTENER = """document.addEventListener("securitypolicyviolation", (e) =>
    window.__cspViolation(e.violatedDirective + " " + (e.blockedURI || "inline") + " at " + e.documentURI));"""


@dataclass
class Violations:
    reported: list[str] = field(default_factory=list)


def watch_csp(page) -> Violations:
    violations = Violations()
    page.expose_function("__cspViolation", lambda text: violations.reported.append(text))
    page.add_init_script(LISTENER)
    page.on("console", lambda message: "Refused to" in message.text and violations.reported.append(message.text))
    return violations
