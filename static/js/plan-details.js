// "Expand all" / "Collapse all" on the plan page. Without JavaScript the links reload the page
// with ?expand=all (every <details> open) or without it; with it they toggle in place.
document.addEventListener("DOMContentLoaded", () => {
  const status = document.querySelector("[data-details-status]");
  document.querySelectorAll("[data-details-toggle]").forEach((link) => {
    link.addEventListener("click", (event) => {
      const group = document.getElementById(link.getAttribute("aria-controls"));
      if (!group) {
        return;
      }
      event.preventDefault();
      const open = link.dataset.detailsToggle === "expand";
      group.querySelectorAll("details").forEach((details) => {
        details.open = open;
      });
      window.history.replaceState(null, "", link.href);
      if (status) {
        status.textContent = open ? status.dataset.expanded : status.dataset.collapsed;
      }
    });
  });
});
