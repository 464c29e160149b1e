// The sticker page's Print buttons (progressive enhancement: without this file the buttons stay
// hidden, and the browser's own Print prints the sticker on A5 and the certificate on A4).
// Each button prints only its part: the other is hidden while the print dialog is open.
for (const button of document.querySelectorAll("[data-print]")) {
  const part = document.getElementById(button.dataset.print);
  const others = [...document.querySelectorAll("[data-printable]")].filter((el) => el !== part);
  button.hidden = false;
  button.addEventListener("click", () => {
    for (const other of others) other.hidden = true;
    window.addEventListener(
      "afterprint",
      () => {
        for (const other of others) other.hidden = false;
      },
      { once: true },
    );
    window.print();
  });
}
