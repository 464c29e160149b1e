// Progressive enhancement only: every page works without this file.
// scripts/build-assets bundles this with GOV.UK Frontend and htmx into one fingerprinted file.
import { initAll } from "govuk-frontend";
import htmx from "htmx.org";

// As htmx's own script tag would: the global is handy in the console and for extensions.
window.htmx = htmx;

function ignoreAlreadyInitialised(error) {
  if (error && error.name !== "InitError") {
    console.error(error);
  }
}

initAll({ onError: ignoreAlreadyInitialised });

const csrfToken = document.querySelector('meta[name="csrf-token"]')?.content;

// htmx posts carry the CSRF token in a header, like forms carry it in a hidden field.
document.body.addEventListener("htmx:configRequest", (event) => {
  if (csrfToken) {
    event.detail.headers["X-CSRFToken"] = csrfToken;
  }
});

// Swapped-in content needs its GOV.UK components started. initAll searches inside the scope,
// so pass the parent: an element that itself carries data-module would otherwise be skipped.
document.body.addEventListener("htmx:load", (event) => {
  const scope = event.detail.elt.parentElement;
  if (scope) {
    initAll({ scope, onError: ignoreAlreadyInitialised });
  }
});

// Upload progress for htmx file uploads (the plain form works without it).
document.body.addEventListener("htmx:xhr:progress", (event) => {
  const bar = event.target.querySelector?.(".portal-upload-progress");
  if (bar && event.detail.lengthComputable) {
    bar.hidden = false;
    bar.value = Math.round((event.detail.loaded / event.detail.total) * 100);
  }
});
