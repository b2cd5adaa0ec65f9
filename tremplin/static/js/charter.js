// The charter's confirmation dialog ("Vous êtes sur le point d'accepter la charte").
// Without JavaScript the server shows the same question on a page of its own.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("charter-form");
  const dialog = document.getElementById("charter-dialog");
  if (!form || !dialog || typeof dialog.showModal !== "function") return;
  form.addEventListener("submit", (event) => {
    const box = form.querySelector("#id_accept");
    if (!box.checked || form.elements.confirmed.value === "True") return;
    event.preventDefault();
    dialog.showModal();
  });
  dialog.addEventListener("close", () => {
    if (dialog.returnValue === "ok") {
      form.elements.confirmed.value = "True";
      form.submit();
    } else {
      form.querySelector("#id_accept").focus();
    }
  });
});
