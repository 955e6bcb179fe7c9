/* Query editor: YASGUI (served from /static/vendor) on top of the plain form.
   Without YASGUI (no JavaScript, or vendor files missing) the plain form keeps working. */
(function () {
  "use strict";
  var configEl = document.getElementById("editor-config");
  var host = document.getElementById("yasgui");
  if (!configEl || !host || typeof window.Yasgui !== "function") {
    return;
  }
  var config = JSON.parse(configEl.textContent);
  host.hidden = false;
  document.getElementById("plain-editor").hidden = true;
  var serverResult = document.getElementById("server-result");

  var yasgui = new window.Yasgui(host, {
    requestConfig: { endpoint: config.endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    populateFromUrl: false,
    autoAddOnInit: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: config.endpoint }]; } },
    yasqe: {
      value: config.query,
      // only local autocompletion: the class/property completers would call an outside service
      autocompleters: ["prefixes", "variables"],
      createShareableLink: function (yasqe) {
        return window.location.origin + window.location.pathname + "?query=" + encodeURIComponent(yasqe.getValue());
      }
    },
    yasr: { prefixes: {} }
  });

  function tab() { return yasgui.getTab(); }

  function run(text) {
    var current = tab();
    current.setQuery(text);
    if (serverResult) { serverResult.hidden = true; }
    current.query();
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", window.location.pathname + "?query=" + encodeURIComponent(text));
    }
  }

  document.querySelectorAll("a.example").forEach(function (a) {
    a.addEventListener("click", function (event) {
      var found = config.examples.filter(function (e) { return e.name === a.dataset.name; })[0];
      if (!found) { return; }
      event.preventDefault();
      run(found.text);
    });
  });

  if (config.run) {
    if (serverResult) { serverResult.hidden = true; }
    tab().query();
  }
})();
