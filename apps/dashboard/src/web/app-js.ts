// The dashboard's one script, served as /assets/app.js: progressive enhancement only (every
// page works without it). "Select all" for bulk actions, and confirm() on dangerous forms.
export const APP_JS = `
document.addEventListener("change", (event) => {
  const box = event.target;
  if (!(box instanceof HTMLInputElement) || !box.dataset.selectAll) return;
  for (const other of document.querySelectorAll('input[name="' + box.dataset.selectAll + '"]')) other.checked = box.checked;
});
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) event.preventDefault();
});
`;
