// backstride: small progressive enhancement. Every page works without this file.
// - marks <html> with class "js" so the drop hint shows only when dragging can work;
// - turns the walk-upload box into a drop target that fills the plain file input;
// - a print button on the result page (in place of the link to its print view);
// - a table wider than a phone's screen (it scrolls sideways by itself, app.css) can be scrolled
//   with the keyboard: it takes the focus only while it is too wide;
// - "Remove" on a diary day asks first.
// Written for backstride (Apache-2.0); no third-party code, nothing loaded from the network.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function setupDropzone(zone) {
    var input = zone.querySelector("input[type=file]");
    var status = zone.querySelector("[data-drop-status]");
    if (!input) { return; }
    function say(text) { if (status) { status.textContent = text; } }
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add("is-over");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("is-over"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      var files = event.dataTransfer && event.dataTransfer.files;
      if (!files || files.length === 0) { return; }
      try {
        input.files = files;
      } catch (err) {
        say("Your browser could not take the dropped file. Please use the Choose file button.");
        return;
      }
      say("Ready to send: " + files[0].name);
    });
    input.addEventListener("change", function () {
      if (input.files && input.files.length > 0) { say("Ready to send: " + input.files[0].name); }
    });
  }

  function setupPrint(button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
    // the link to the print view does the same without a script: one way to print, not two
    Array.prototype.forEach.call(document.querySelectorAll("[data-print-fallback]"), function (link) {
      link.hidden = true;
    });
  }

  // a form that removes something asks first (data-confirm holds the question) and then says yes
  // in its data-confirmed field; without a script the server's page asks instead
  function setupConfirm(form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); return; }
      var answer = form.querySelector("[data-confirmed]");
      if (answer) { answer.value = "yes"; }
    });
  }

  function keyboardScrollTables() {
    Array.prototype.forEach.call(document.querySelectorAll("table"), function (table) {
      if (table.scrollWidth > table.clientWidth + 1) {
        table.tabIndex = 0;
      } else {
        table.removeAttribute("tabindex");
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-dropzone]"), setupDropzone);
    Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), setupPrint);
    Array.prototype.forEach.call(document.querySelectorAll("form[data-confirm]"), setupConfirm);
    keyboardScrollTables();
    window.addEventListener("resize", keyboardScrollTables);
    // a table inside <details> is measured when it is opened
    document.addEventListener("toggle", keyboardScrollTables, true);
  });
})();
