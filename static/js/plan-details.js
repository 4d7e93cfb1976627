// "Expand all" / "Collapse all" on the plan page. Without JavaScript the links reload the page
// with ?expand=all (every <details> open) or without it; with it they toggle in place.
// A link to one initiative (#initiative-N) also opens that initiative.
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
      const url = new URL(window.location.href);
      if (open) {
        url.searchParams.set("expand", "all");
      } else {
        url.searchParams.delete("expand");
      }
      url.hash = "initiatives";
      window.history.replaceState(null, "", url);
      if (status) {
        status.textContent = open ? status.dataset.expanded : status.dataset.collapsed;
      }
    });
  });

  const openTarget = () => {
    const target = window.location.hash && document.getElementById(window.location.hash.slice(1));
    if (target && target.tagName === "DETAILS") {
      target.open = true;
    }
  };
  openTarget();
  window.addEventListener("hashchange", openTarget);
});
