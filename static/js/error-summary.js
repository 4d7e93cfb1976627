// The error summary (GOV.UK Design System's pattern, templates/partials/_error_summary.html):
// on load the focus moves to it, so that a screen reader reads the errors first; a link in it
// focuses its field and scrolls the field's label (or its group's legend) into view, which a
// plain link to an input does not do.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (!summary) {
    return;
  }
  summary.focus();
  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-field]");
    const target = link && document.getElementById(link.dataset.field);
    if (!target) {
      return;
    }
    event.preventDefault();
    const isChoice = target.type === "checkbox" || target.type === "radio";
    const legend = isChoice ? target.closest("fieldset")?.querySelector("legend") : null;
    const label = target.id ? document.querySelector(`label[for="${CSS.escape(target.id)}"]`) : null;
    (legend || label || target).scrollIntoView({ block: "start" });
    if (!target.matches("input, select, textarea, button, a[href], [tabindex]")) {
      target.setAttribute("tabindex", "-1"); // a section heading: focusable by script only
    }
    target.focus({ preventScroll: true });
  });
});
