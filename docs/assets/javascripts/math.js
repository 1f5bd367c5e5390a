// Render the page's math with the KaTeX that the site serves itself (no CDN).
// arithmatex writes \( \) and \[ \] inside .arithmatex; notebook cells keep $ and $$.
// document$ fires on every page load, including instant navigation.
document$.subscribe(({ body }) => {
  renderMathInElement(body, {
    delimiters: [
      { left: "$$", right: "$$", display: true },
      { left: "$", right: "$", display: false },
      { left: "\\(", right: "\\)", display: false },
      { left: "\\[", right: "\\]", display: true },
    ],
    ignoredClasses: ["highlight", "jp-OutputArea-output"],
    throwOnError: false,
  });
  // Notebook code cells, and display formulas wider than the column, scroll sideways:
  // like Material's own code blocks they take the keyboard focus, so that a reader without
  // a mouse can scroll them too.
  for (const cell of body.querySelectorAll(".jupyter-wrapper .highlight-ipynb")) {
    cell.setAttribute("tabindex", "0");
  }
  for (const formula of body.querySelectorAll(".arithmatex .katex-display")) {
    if (formula.scrollWidth > formula.clientWidth) formula.setAttribute("tabindex", "0");
  }
});
