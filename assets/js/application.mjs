// complaints – application JavaScript (progressive enhancement only).
//
// Every page must work without JavaScript; this only enhances components.
// Copied by scripts/build-assets.mjs to complaints/static/application.mjs,
// next to govuk-frontend.min.js and moj-frontend.min.js (both self-contained
// ES modules), so the relative imports below resolve at /assets/.
//
// Load from the base template, at the end of <body>:
//   <script type="module" src="/assets/application.mjs"></script>
//
// Browsers without ES module support ignore type="module" scripts, and
// GOV.UK Frontend only initialises when <body> has `govuk-frontend-supported`
// (added by the GOV.UK page template's inline script).

import { createAll, initAll as initGovukFrontend } from './govuk-frontend.min.js'
import {
  FilterToggleButton,
  initAll as initMojFrontend
} from './moj-frontend.min.js'

// GOV.UK Frontend: accordion, button, character count, checkboxes, error
// summary, exit this page, file upload, notification banner, password input,
// radios, service navigation, skip link, tabs
initGovukFrontend()

// MOJ Frontend: add another, alert, button menu, date picker, multi select,
// password reveal, rich text editor, search toggle, sortable table, ...
initMojFrontend()

// MOJ's filter "Show/Hide filter" toggle is not part of MOJ's initAll().
// Initialise it for every `<div class="moj-filter" data-module="moj-filter">`.
// It does nothing unless the page also has a `.moj-action-bar__filter`
// element to hold the toggle button and a `.moj-filter__header-action`
// element (inside the filter) for the close button; see `.app-filter-layout`
// in application.scss for pages without them.
//
// startHidden: false keeps the filter open on desktop; on small screens it
// starts hidden behind the "Show filter" button. (MOJ's default, true, hides
// it on desktop too.) A page can override with data-start-hidden="true".
createAll(FilterToggleButton, { startHidden: false })
