// casebook default theme: progressive enhancement only. Without this script every
// page is complete; with it, /cases/ filters instantly and comparison tables sort.
(function () {
  "use strict";

  function setUpFilters(form) {
    var table = document.querySelector("[data-case-table]");
    if (!table) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-facet]"));
    var counter = document.querySelector("[data-result-count]");
    var total = rows.length;

    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var visible = selects.every(function (select) {
          return select.value === "" || row.getAttribute("data-" + select.getAttribute("data-facet")) === select.value;
        });
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      if (counter) {
        counter.textContent = shown === total ? total + " cases" : shown + " of " + total + " cases";
      }
    }

    selects.forEach(function (select) { select.addEventListener("change", apply); });
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }

  function setUpSorting(table) {
    var head = table.tHead && table.tHead.rows[0];
    if (!head || !table.tBodies[0]) return;
    Array.prototype.forEach.call(head.cells, function (cell, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (cell.firstChild) button.appendChild(cell.firstChild);
      cell.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = cell.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(head.cells, function (other) { other.removeAttribute("aria-sort"); });
        cell.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        sortBy(table, column, ascending);
      });
    });
  }

  function sortKey(cell) {
    if (!cell) return { missing: true };
    var raw = cell.getAttribute("data-value");
    if (raw !== null && raw !== "") return { number: parseFloat(raw) };
    if (cell.classList.contains("missing")) return { missing: true };
    return { text: cell.textContent.trim().toLowerCase() };
  }

  function sortBy(table, column, ascending) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows).map(function (row, index) {
      return { row: row, index: index, key: sortKey(row.cells[column]) };
    });
    rows.sort(function (a, b) {
      // Missing values stay at the bottom whichever way the column sorts.
      if (a.key.missing || b.key.missing) {
        return a.key.missing === b.key.missing ? a.index - b.index : (a.key.missing ? 1 : -1);
      }
      var order;
      if (a.key.number !== undefined && b.key.number !== undefined) order = a.key.number - b.key.number;
      else order = String(a.key.text).localeCompare(String(b.key.text));
      if (order === 0) return a.index - b.index;
      return ascending ? order : -order;
    });
    rows.forEach(function (item) { body.appendChild(item.row); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-filters]");
    if (form) setUpFilters(form);
    Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), setUpSorting);
  });
})();
