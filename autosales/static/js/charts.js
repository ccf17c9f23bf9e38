// Draw every Bokeh figure whose JSON sits in a data block, on load and after htmx swaps.
(function () {
  "use strict";
  function drawCharts(root) {
    root.querySelectorAll('script[type="application/json"][data-bokeh-target]').forEach(function (block) {
      if (block.dataset.drawn) { return; }
      var target = document.getElementById(block.dataset.bokehTarget);
      if (!target || !window.Bokeh) { return; }
      block.dataset.drawn = "1";
      target.innerHTML = "";
      // The element itself, not its id: a filter may swap the section away while Bokeh draws,
      // and a chart drawn into a detached element is simply never seen.
      Promise.resolve(window.Bokeh.embed.embed_item(JSON.parse(block.textContent), target))
        .catch(function () { /* the chart's section left the page before it was drawn */ });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { drawCharts(document); });
  document.addEventListener("htmx:afterSettle", function (event) { drawCharts(event.target); });
})();
