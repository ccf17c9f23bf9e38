// The report's "Print" links add print=1: open the print dialog once the charts are drawn.
(function () {
  "use strict";
  function chartsDrawn() {
    var targets = document.querySelectorAll(".bokeh-target");
    return Array.prototype.every.call(targets, function (target) { return target.childElementCount > 0; });
  }
  function printWhenReady(triesLeft) {
    if (chartsDrawn() || triesLeft <= 0) { window.print(); return; }
    window.setTimeout(function () { printWhenReady(triesLeft - 1); }, 250);
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (document.body.hasAttribute("data-autoprint")) { printWhenReady(20); }
  });
})();
