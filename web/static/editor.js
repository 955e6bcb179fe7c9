/* Query editor: YASGUI (served from /static/vendor) on top of the plain form.
   Without YASGUI (no JavaScript, or vendor files missing) the plain form keeps working.
   The address bar always holds the query that ran (/sparql?query=…), so it is the share link;
   older share links (/sparql#query=…, YASGUI's own format) are read too. */
(function () {
  "use strict";
  var configEl = document.getElementById("editor-config");
  var host = document.getElementById("yasgui");
  if (!configEl || !host || typeof window.Yasgui !== "function") {
    return;
  }
  var config = JSON.parse(configEl.textContent);
  var Yasgui = window.Yasgui;

  /* The page on this site that shows an IRI (as web/labels.py local_path), or null. */
  function localPath(iri) {
    for (var i = 0; i < config.local.length; i++) {
      var base = config.local[i];
      if (iri.indexOf(base.iri) === 0 && iri.length > base.iri.length) {
        return base.path + iri.slice(base.iri.length);
      }
    }
    return null;
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  /* Result cells: literals as their plain value (no quotes, datatype IRI or @lang),
     IRIs as a compact name linking to their page here when they are ours. */
  var Table = Yasgui.Yasr && Yasgui.Yasr.plugins && Yasgui.Yasr.plugins.table;
  if (Table && Table.prototype) {
    Table.prototype.formatLiteral = function (binding) {
      return escapeHtml(binding.value);
    };
    Table.prototype.getUriLinkFromBinding = function (binding) {
      var iri = binding.value, shown = iri;
      for (var prefix in config.prefixes) {
        if (iri.indexOf(config.prefixes[prefix]) === 0) {
          shown = prefix + ":" + iri.slice(config.prefixes[prefix].length);
          break;
        }
      }
      var local = localPath(iri);
      var attrs = local ? "" : " rel='external'";
      return "<a class='iri' href='" + escapeHtml(local || iri) + "' title='" + escapeHtml(iri) + "'" + attrs + ">" +
        escapeHtml(shown) + "</a>";
    };
  }

  function queryFromHash() {
    var hash = window.location.hash.replace(/^#/, "");
    if (hash.indexOf("query=") < 0) { return null; }
    return new URLSearchParams(hash).get("query");
  }

  function shareLink(text) {
    return window.location.origin + window.location.pathname + "?query=" + encodeURIComponent(text);
  }

  var fromHash = queryFromHash();
  host.hidden = false;
  document.getElementById("plain-editor").hidden = true;
  var serverResult = document.getElementById("server-result");

  var yasgui = new Yasgui(host, {
    requestConfig: { endpoint: config.endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    populateFromUrl: false,
    autoAddOnInit: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: config.endpoint }]; } },
    yasqe: {
      value: fromHash || config.query,
      // only local autocompletion: the class/property completers would call an outside service
      autocompleters: ["prefixes", "variables"]
    },
    yasr: { prefixes: config.prefixes }
  });

  function tab() { return yasgui.getTab(); }

  /* The share button gives our link (?query=), which the server also understands. */
  var tabProto = Object.getPrototypeOf(tab());
  tabProto.getShareableLink = function () { return shareLink(this.getYasqe().getValue()); };

  /* Our prefixes are declared by the server: the editor must not flag them as undefined. */
  function knowPrefixes(yasqe) {
    var mode = yasqe && yasqe.getMode && yasqe.getMode();
    if (!mode || mode.kgPrefixes) { return; }
    var start = mode.startState;
    mode.startState = function () {
      var state = start.apply(this, arguments);
      for (var p in config.prefixes) {
        if (state.prefixes[p] === undefined) { state.prefixes[p] = config.prefixes[p]; }
      }
      return state;
    };
    mode.kgPrefixes = true;
    yasqe.setValue(yasqe.getValue());
  }

  /* Names for the controls YASGUI draws without one (screen readers, axe). */
  function labelControls() {
    host.querySelectorAll(".CodeMirror textarea").forEach(function (t) {
      t.setAttribute("aria-label", "SPARQL-query");
    });
    host.querySelectorAll(".CodeMirror-scroll").forEach(function (s) {
      s.setAttribute("tabindex", "0");
    });
    host.querySelectorAll("select:not([aria-label])").forEach(function (s) {
      s.setAttribute("aria-label", s.closest(".tableControls") ? "Rijen per pagina" : "Keuze");
    });
    host.querySelectorAll("input:not([aria-label]):not([id])").forEach(function (i) {
      i.setAttribute("aria-label", i.closest(".tableControls") ? "Filter de resultaten" : (i.placeholder || "Invoer"));
    });
  }

  function remember(text) {
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", window.location.pathname + "?query=" + encodeURIComponent(text));
    }
  }

  yasgui.on("query", function (_yasgui, t) {
    // a new run: the server-side result or error of an earlier query no longer applies
    if (serverResult) { serverResult.hidden = true; }
    remember(t.getYasqe().getValue());
  });
  yasgui.on("queryResponse", function () { window.setTimeout(labelControls, 0); });
  yasgui.on("tabSelect", function () { window.setTimeout(function () { knowPrefixes(tab().getYasqe()); labelControls(); }, 0); });

  function run(text) {
    var current = tab();
    current.setQuery(text);
    current.query();
  }

  document.querySelectorAll("a.example").forEach(function (a) {
    a.addEventListener("click", function (event) {
      var found = config.examples.filter(function (e) { return e.name === a.dataset.name; })[0];
      if (!found) { return; }
      event.preventDefault();
      run(found.text);
    });
  });

  knowPrefixes(tab().getYasqe());
  labelControls();
  if (fromHash) {
    run(fromHash);
  } else if (config.run) {
    if (serverResult) { serverResult.hidden = true; }
    tab().query();
  }
})();
