// backstride: small progressive enhancement. Every page works without this file.
// - marks <html> with class "js" so the drop hint shows only when dragging can work;
// - turns the walk-upload box into a drop target that fills the plain file input;
// - a print button on the result page (in place of the link to its print view); printing opens
//   every folded section;
// - a table or chart wider than a phone's screen (it scrolls sideways by itself, app.css) can be
//   scrolled with the keyboard: it takes the focus only while it is too wide;
// - "Remove" on a diary day asks first;
// - the walking test's stopwatch fills the test's form;
// - a day field offers the person's own today, not the server's (another time zone).
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
  }

  // a file box has no room for the chosen file's name beside "Choose File" on a small phone (188 px at
  // 200 %): every file box says it below, on the screen and to a screen reader, as a drop does
  function sayChosenFile(input) {
    var field = input.closest(".field") || input.parentNode;
    var status = field.querySelector("[data-drop-status]");
    if (!status) { return; }
    input.addEventListener("change", function () {
      var chosen = input.files && input.files.length > 0;
      status.textContent = chosen ? "Ready to send: " + input.files[0].name : "";
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

  // paper shows every folded section (the timeline, what studies say, the answers); after printing
  // the page is as it was
  function openFoldsToPrint() {
    var opened = [];
    window.addEventListener("beforeprint", function () {
      Array.prototype.forEach.call(document.querySelectorAll("details:not([open])"), function (d) {
        d.open = true;
        opened.push(d);
      });
    });
    window.addEventListener("afterprint", function () {
      opened.forEach(function (d) { d.open = false; });
      opened = [];
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

  // the walking test's stopwatch: times come from the clock (Date.now), so a phone that slows the
  // page's timers while the screen is off still gets them right; the form below is filled at the end
  function setupWalkingTest(watch) {
    var limitMs = Number(watch.getAttribute("data-limit-min")) * 60000;
    var shown = watch.querySelector("[data-elapsed]");
    var status = watch.querySelector("[data-watch-status]");
    var buttons = {};
    ["start", "symptoms", "stop-symptoms", "stop-other"].forEach(function (name) {
      buttons[name] = watch.querySelector('[data-watch="' + name + '"]');
    });
    var started = null, symptoms = null, ticker = null;
    function clock(ms) {
      var d = new Date(ms);
      return [d.getHours(), d.getMinutes(), d.getSeconds()].map(function (n) {
        return (n < 10 ? "0" : "") + n;
      }).join(":");
    }
    function minutes(ms) {
      var s = Math.round(ms / 1000);
      return Math.floor(s / 60) + ":" + (s % 60 < 10 ? "0" : "") + (s % 60);
    }
    function show(names) {
      Object.keys(buttons).forEach(function (name) { buttons[name].hidden = names.indexOf(name) < 0; });
    }
    // what the watch says as the test goes: the page's words (data-say-*: to the person, or about
    // them when a clinician reads the page), else these; {time}: the minutes walked
    function said(key, otherwise) {
      return watch.getAttribute("data-say-" + key) || otherwise;
    }
    function fill(id, value) {
      var field = document.getElementById(id);
      if (field) { field.value = value; }
    }
    function stop(reason) {
      var now = Math.min(Date.now(), started + limitMs);
      window.clearInterval(ticker);
      shown.textContent = minutes(now - started);
      fill("first_symptoms_min", symptoms === null ? "" : minutes(symptoms - started));
      fill("total_min", minutes(now - started));
      var choice = document.querySelector('input[name="stopped_because"][value="' + reason + '"]');
      if (choice) { choice.checked = true; }
      watch.querySelector('[data-clock="start"]').textContent = clock(started);
      watch.querySelector('[data-clock="stop"]').textContent = clock(now);
      if (symptoms !== null) {
        watch.querySelector('[data-clock="symptoms"]').textContent = clock(symptoms);
        watch.querySelector("[data-clock-symptoms]").hidden = false;
      }
      var link = watch.querySelector("[data-walks-link]");
      var query = (symptoms !== null ? "symptom_at=" + clock(symptoms) + "&" : "") + "stop_at=" + clock(now);
      link.href = link.getAttribute("href") + (link.getAttribute("href").indexOf("?") < 0 ? "?" : "&") + query;
      watch.querySelector("[data-watch-times]").hidden = false;
      show([]);
      status.textContent = said("done", "Done: you walked {time}. Please say how your pain is now, then save it below.")
        .replace("{time}", minutes(now - started));
      var pain = document.getElementById("pain");
      if (pain) { pain.focus(); }
    }
    buttons.start.addEventListener("click", function () {
      started = Date.now();
      show(["symptoms", "stop-symptoms", "stop-other"]);
      status.textContent = said("walking", "Walking. Press the button when your symptoms start.");
      ticker = window.setInterval(function () {
        var elapsed = Date.now() - started;
        shown.textContent = minutes(Math.min(elapsed, limitMs));
        if (elapsed >= limitMs) { stop("time_up"); }
      }, 1000);
    });
    buttons.symptoms.addEventListener("click", function () {
      symptoms = Date.now();
      show(["stop-symptoms", "stop-other"]);
      status.textContent = said("symptoms", "Symptoms at {time}. Keep walking if you can.")
        .replace("{time}", minutes(symptoms - started));
    });
    buttons["stop-symptoms"].addEventListener("click", function () {
      if (symptoms === null) { symptoms = Date.now(); }
      stop("symptoms");
    });
    buttons["stop-other"].addEventListener("click", function () { stop("other"); });
    watch.hidden = false;
  }

  // a day field the server filled with its own today (data-local-today) gets the person's own day:
  // a server in another time zone (a clinic's, in UTC) would offer tomorrow or yesterday
  function setLocalToday(field) {
    var d = new Date();
    var two = function (n) { return (n < 10 ? "0" : "") + n; };
    field.value = d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }

  function keyboardScrollWide() {
    Array.prototype.forEach.call(document.querySelectorAll("table, .chart-scroll"), function (table) {
      if (table.scrollWidth > table.clientWidth + 1) {
        table.tabIndex = 0;
      } else {
        table.removeAttribute("tabindex");
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-dropzone]"), setupDropzone);
    Array.prototype.forEach.call(document.querySelectorAll("input[type=file]"), sayChosenFile);
    Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), setupPrint);
    Array.prototype.forEach.call(document.querySelectorAll("form[data-confirm]"), setupConfirm);
    Array.prototype.forEach.call(document.querySelectorAll("[data-walking-test]"), setupWalkingTest);
    Array.prototype.forEach.call(document.querySelectorAll("input[data-local-today]"), setLocalToday);
    openFoldsToPrint();
    keyboardScrollWide();
    window.addEventListener("resize", keyboardScrollWide);
    // a table inside <details> is measured when it is opened
    document.addEventListener("toggle", keyboardScrollWide, true);
  });
})();
