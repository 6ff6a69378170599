"""Clicking a point of an ECharts chart as a user would, once the chart has drawn something there."""


def click_chart(page, chart: str, convert: str) -> None:
    """Click the chart whose box `chart` selects, at ECharts' pixel for `convert` (convertToPixel's
    arguments, as JavaScript). The click waits until an element of the chart is under that pixel: for
    ~150 ms after drawing, bars grow from their axis, and a click at a bar's final place hits nothing
    until then (a loaded machine stretches that: a full run once clicked too early and stayed put)."""
    page.locator(chart).scroll_into_view_if_needed()
    x, y = page.evaluate(f"() => echarts.getInstanceByDom(document.querySelector('{chart}')).convertToPixel({convert})")
    page.wait_for_function("""([chart, x, y]) =>
        !!echarts.getInstanceByDom(document.querySelector(chart)).getZr().findHover(x, y).target""",
                           arg=[chart, x, y])
    box = page.locator(chart).bounding_box()  # in the viewport, where the mouse clicks
    page.mouse.click(box["x"] + x, box["y"] + y)
