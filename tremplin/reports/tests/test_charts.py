"""The bar charts' geometry (`tremplin.reports.charts`)."""

from tremplin.reports.charts import BAR_AREA, ROW_HEIGHT, bar_chart


def test_bars_are_proportional_to_their_values_the_longest_filling_the_area():
    chart = bar_chart([("Stage", 10), ("CDI", 5), ("Thèse", 0)])
    assert [bar.width for bar in chart.bars] == [BAR_AREA, BAR_AREA // 2, 0]
    assert [bar.y for bar in chart.bars] == [4, 4 + ROW_HEIGHT, 4 + 2 * ROW_HEIGHT]
    assert chart.height == 3 * ROW_HEIGHT + 8


def test_a_long_label_is_cut_and_nothing_is_drawn_without_figures():
    chart = bar_chart([("x" * 60, 1)])
    assert chart.bars[0].label == "x" * 37 + "…"
    assert bar_chart([]) is None
    assert bar_chart([("Rien", 0)]).bars[0].width == 0
