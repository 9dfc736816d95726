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

// The timeout warning (GOV.UK pattern): a sign-in ends after SESSION_IDLE_MINUTES
// without a request. Before that, a modal dialog says so and offers to stay signed in
// (a request to the server, which counts as activity); if nobody answers, the page
// reloads when the time is up and the server sends it to the sign-in page, saying why.
function startTimeoutWarning (dialog) {
  const idle = Number(dialog.dataset.idleSeconds) * 1000
  const warning = Number(dialog.dataset.warningSeconds) * 1000
  const countdown = dialog.querySelector('[data-countdown]')
  let deadline = 0
  let warnTimer = 0
  let tick = 0

  function say (milliseconds) {
    const seconds = Math.max(0, Math.ceil(milliseconds / 1000))
    const minutes = Math.ceil(seconds / 60)
    countdown.textContent = seconds > 90
      ? `${minutes} minutes`
      : `${seconds} second${seconds === 1 ? '' : 's'}`
  }

  // A moment after the deadline, so that the server (which counts whole seconds) has
  // certainly ended the sign-in: a reload just before would count as activity.
  function expire () {
    window.clearInterval(tick)
    window.setTimeout(() => window.location.reload(), 2000)
  }

  function warn () {
    say(deadline - Date.now())
    if (!dialog.open) dialog.showModal()
    dialog.querySelector('[data-stay]').focus()
    tick = window.setInterval(() => {
      const left = deadline - Date.now()
      say(left)
      if (left <= 0) expire()
    }, 1000)
  }

  function restart () {
    window.clearTimeout(warnTimer)
    window.clearInterval(tick)
    deadline = Date.now() + idle
    warnTimer = window.setTimeout(warn, Math.max(0, idle - warning))
  }

  dialog.querySelector('[data-stay]').addEventListener('click', async () => {
    const response = await window.fetch(dialog.dataset.keepAliveUrl, {
      method: 'POST',
      // The sign-out form in the header carries this page's CSRF token.
      headers: { 'X-CSRFToken': document.querySelector('#app-sign-out-form [name="csrf_token"]').value },
      credentials: 'same-origin'
    })
    if (!response.ok) {
      expire()
      return
    }
    dialog.close()
    restart()
  })
  // Escape closes a modal dialog; it must not leave the timer without its warning.
  dialog.addEventListener('cancel', (event) => event.preventDefault())
  restart()
}

document.querySelectorAll('[data-module="app-timeout-warning"]').forEach(startTimeoutWarning)

// A table's scroll container (the scroll_pane macro) is in the tab order, so that a
// keyboard can scroll a table wider than the screen. While the whole table fits there is
// nothing to scroll: it leaves the tab order until the table is wider than it again.
function watchScrollPane (pane) {
  function update () {
    if (pane.scrollWidth > pane.clientWidth) {
      pane.setAttribute('tabindex', '0')
    } else {
      pane.removeAttribute('tabindex')
    }
  }
  update()
  if ('ResizeObserver' in window) new window.ResizeObserver(update).observe(pane)
}

document.querySelectorAll('.app-table-scroll').forEach(watchScrollPane)
