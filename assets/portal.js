// Progressive enhancement only: every page works without this file.
// scripts/build-assets bundles this with GOV.UK Frontend and htmx into one fingerprinted file.
import * as govuk from "govuk-frontend";
import htmx from "htmx.org";

// As htmx's own script tag would: the global is handy in the console and for extensions.
window.htmx = htmx;

function ignoreAlreadyInitialised(error) {
  if (error && error.name !== "InitError") {
    console.error(error);
  }
}

// Only the components our pages use, so the bundle leaves out the rest (accordion, tabs,
// exit this page...). Add a component here when a page starts using it.
const COMPONENTS = [
  govuk.Button,
  govuk.CharacterCount,
  govuk.Checkboxes,
  govuk.ErrorSummary,
  govuk.FileUpload,
  govuk.NotificationBanner,
  govuk.PasswordInput,
  govuk.Radios,
  govuk.ServiceNavigation,
  govuk.SkipLink,
];

function startComponents(scope) {
  for (const Component of COMPONENTS) {
    govuk.createAll(Component, undefined, { scope, onError: ignoreAlreadyInitialised });
  }
}

startComponents(document);

const csrfToken = document.querySelector('meta[name="csrf-token"]')?.content;

// htmx posts carry the CSRF token in a header, like forms carry it in a hidden field.
document.body.addEventListener("htmx:configRequest", (event) => {
  if (csrfToken) {
    event.detail.headers["X-CSRFToken"] = csrfToken;
  }
});

// Swapped-in content needs its GOV.UK components started. createAll searches inside the scope,
// so pass the parent: an element that itself carries data-module would otherwise be skipped.
document.body.addEventListener("htmx:load", (event) => {
  const scope = event.detail.elt.parentElement;
  if (scope) {
    startComponents(scope);
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

// An error page the server sent for an htmx request (a booking cancelled meanwhile, a form
// that has expired, a refused action): htmx swaps nothing for a 4xx or 5xx answer, so without
// this nothing would seem to happen. Show the page whole, as it is shown without JavaScript,
// keeping <body> itself (the listeners above live on it) and moving focus to its heading.
document.body.addEventListener("htmx:beforeSwap", (event) => {
  const xhr = event.detail.xhr;
  if (xhr.status < 400 || xhr.getResponseHeader("X-Portal-Page") !== "error") {
    return;
  }
  event.detail.shouldSwap = false;
  event.detail.isError = false; // shown to the person: not a fault to log
  const page = new DOMParser().parseFromString(xhr.responseText, "text/html");
  document.title = page.title;
  document.body.replaceChildren(...Array.from(page.body.childNodes));
  startComponents(document.body);
  htmx.process(document.body);
  const heading = document.querySelector("main h1");
  if (heading) {
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  }
  window.scrollTo(0, 0);
});
