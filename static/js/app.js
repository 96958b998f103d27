// What every page does in the browser, kept out of the HTML so that the
// Content-Security-Policy can forbid inline scripts and styles (docs/design.md,
// "Content-Security-Policy"): a select marked data-autosubmit sends its form,
// a button marked data-print prints the page, an element with data-width gets
// that width in per cent (progress bars), also in content htmx swaps in.
// A file input gets a button and a line naming the chosen files in the page's
// language (the browser's own "Choose File" / "No file chosen" follow the
// browser's language, often English on an office's computers); the input
// stays in the page, focusable and labelled, and is what the form sends.
(() => {
  const words = () => document.body.dataset;
  const chosen = (input) => {
    const files = input.files ? Array.from(input.files) : [];
    if (files.length === 0) return words().fileNone;
    if (files.length === 1) return files[0].name;
    return words().filesCount.replace("{n}", String(files.length));
  };
  let pickers = 0;
  const pick = (root) => {
    root.querySelectorAll('input[type="file"]:not([data-picker])').forEach((input) => {
      input.dataset.picker = "";
      if (!input.id) input.id = `file-picker-${(pickers += 1)}`;
      const box = document.createElement("span");
      box.className = "file-picker";
      const button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-outline-secondary btn-sm file-picker-button";
      // The input is what is focused and announced; the button is for the mouse.
      button.tabIndex = -1;
      button.setAttribute("aria-hidden", "true");
      button.disabled = input.disabled;
      button.textContent = input.multiple ? words().filesChoose : words().fileChoose;
      const name = document.createElement("span");
      name.className = "file-picker-name small text-body-secondary";
      name.setAttribute("aria-hidden", "true");
      name.textContent = chosen(input);
      input.classList.add("file-picker-input");
      // Bootstrap shows a field's errors after an invalid element (crispy's).
      if (input.classList.contains("is-invalid")) {
        box.classList.add("is-invalid");
        button.classList.replace("btn-outline-secondary", "btn-outline-danger");
      }
      input.before(box);
      box.append(input, button, name);
      button.addEventListener("click", () => input.click());
      input.addEventListener("change", () => {
        name.textContent = chosen(input);
      });
    });
  };
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
  document.addEventListener("DOMContentLoaded", () => {
    widen(document);
    pick(document);
  });
  document.addEventListener("htmx:load", (event) => {
    widen(event.detail.elt);
    pick(event.detail.elt);
  });
})();
