// Render the page's math with the KaTeX that the site serves itself (no CDN).
// arithmatex writes \( \) and \[ \] inside .arithmatex; notebook cells keep $ and $$.
// Material's document$ fires on every page load, including instant navigation; opened
// from disk (file://) it never fires, so the page's own load renders the math then.
function renderGuideMath(body) {
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
  // Every width is read before anything is written: a write between two reads would make
  // the browser lay the page out again for each formula.
  const formulas = [...body.querySelectorAll(".arithmatex .katex-display")];
  const wide = formulas.filter((formula) => formula.scrollWidth > formula.clientWidth);
  for (const formula of wide) formula.setAttribute("tabindex", "0");
  keepPunctuationWithMath(body);
}

// Inline math followed by punctuation ("$B = n$, where") must not leave the comma to
// start the next line: the formula and the punctuation go into one span that does not
// wrap (guide.css). A formula wider than half its paragraph is left free to wrap inside,
// so that it never pushes the paragraph wider than the screen. The groups are all made
// first and measured after, so that the page is laid out once, not once per formula.
function keepPunctuationWithMath(body) {
  const groups = [];
  for (const math of body.querySelectorAll("span.arithmatex")) {
    const next = math.nextSibling;
    if (!next || next.nodeType !== Node.TEXT_NODE) continue;
    if (math.parentElement.classList.contains("guide-nowrap")) continue;
    const punctuation = next.textContent.match(/^[,.;:!?)\]\u2019\u201d]+/);
    if (!punctuation) continue;
    const group = document.createElement("span");
    group.className = "guide-nowrap";
    math.replaceWith(group);
    group.append(math, document.createTextNode(punctuation[0]));
    next.textContent = next.textContent.slice(punctuation[0].length);
    groups.push(group);
  }
  const long = groups.filter(
    (group) => group.getBoundingClientRect().width > group.parentElement.clientWidth / 2,
  );
  for (const group of long) group.classList.add("guide-nowrap--long");
}

let guideMathRendered = false;
if (typeof document$ !== "undefined") {
  document$.subscribe(({ body }) => {
    guideMathRendered = true;
    renderGuideMath(body);
  });
}
window.addEventListener("load", () => {
  if (!guideMathRendered) renderGuideMath(document.body);
});
