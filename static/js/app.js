// What every page does in the browser, kept out of the HTML so that the
// Content-Security-Policy can forbid inline scripts and styles (docs/design.md,
// "Content-Security-Policy"): a select marked data-autosubmit sends its form,
// a button marked data-print prints the page, an element with data-width gets
// that width in per cent (progress bars), also in content htmx swaps in.
(() => {
  const widen = (root) => {
    root.querySelectorAll("[data-width]").forEach((bar) => {
      const percent = Math.max(0, Math.min(100, Number(bar.dataset.width) || 0));
      bar.style.width = `${percent}%`;
    });
  };
  document.addEventListener("change", (event) => {
    const select = event.target.closest("[data-autosubmit]");
    if (select && select.form) select.form.submit();
  });
  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-print]")) window.print();
  });
  document.addEventListener("DOMContentLoaded", () => widen(document));
  document.addEventListener("htmx:load", (event) => widen(event.detail.elt));
})();
