// Point at a change on one side and its counterpart on the other side lights up; a skipped item fades.
(function () {
  function toggle(event, on) {
    var mark = event.target.closest && event.target.closest("mark.change[data-change]");
    if (!mark) return;
    document.querySelectorAll('mark.change[data-change="' + mark.dataset.change + '"]').forEach(function (m) {
      m.classList.toggle("active", on);
    });
  }
  document.addEventListener("mouseover", function (e) { toggle(e, true); });
  document.addEventListener("mouseout", function (e) { toggle(e, false); });
  document.addEventListener("change", function (e) {
    var item = e.target.closest && e.target.closest(".proposal-item");
    if (item && e.target.name && e.target.name.slice(-7) === ".action") item.dataset.action = e.target.value;
  });
})();
