// The print page's "Print" button: shown only when JavaScript runs, since without it the
// browser's own print command does the same.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
