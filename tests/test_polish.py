"""Notebook pages' shared stylesheet and search tidying, and the print stylesheet."""

from pathlib import Path

import material

from optguide.build.polish import notebook_content, print_css, share_styles

NOTEBOOK = """<html><head><style>head stays</style></head><body><article>
<style type="text/css">.a{color:red}</style>
<div class="jupyter-wrapper"><style>.b{color:blue}</style>
<h1>T<a class="anchor-link" href="#t">¶</a></h1>
<div class="jp-InputPrompt jp-InputArea-prompt">In [1]:</div>
<div class="zeroclipboard-container"><span class="notice" hidden>Copied!</span></div>
<div class="highlight-ipynb hl-python"><pre>code</pre></div>
<div class="clipboard-copy-txt" id="cell-1">code</div>
<div class="jp-RenderedText jp-OutputArea-output" data-mime-type="text/plain"><pre>1</pre></div>
</div></article></body></html>"""


def test_inline_styles_of_the_article_move_to_one_stylesheet_named_by_its_content() -> None:
    page, path, css = share_styles(NOTEBOOK, "../..")
    assert css == ".a{color:red}\n.b{color:blue}\n"
    assert path.startswith("assets/stylesheets/jupyter.") and path.endswith(".css")
    assert page.count(f'<link rel="stylesheet" href="../../{path}">') == 1
    assert "<style>head stays</style>" in page and ".b{color" not in page
    assert share_styles(NOTEBOOK.replace("blue", "green"), ".")[1] != path
    assert share_styles("<article>no styles</article>", ".") == (
        "<article>no styles</article>",
        "",
        "",
    )


def test_prompts_copy_buttons_code_and_outputs_are_kept_out_of_search() -> None:
    page = notebook_content(NOTEBOOK)
    assert page.count(" data-search-exclude") == 5
    assert '<a class="headerlink" href="#t">¶</a>' in page


def test_print_css_gives_the_dark_scheme_the_light_colors_and_figures() -> None:
    css = print_css(Path(material.__file__).parent, "indigo")
    assert css.startswith("/* Generated") and "@media print {" in css
    assert "[data-md-color-scheme=slate][data-md-color-primary] {--md-hue:" in css
    assert "--md-default-bg-color:#fff" in css and "--md-primary-fg-color:#4051b5" in css
    assert 'img[src$="#only-dark"] { display: none !important; }' in css
