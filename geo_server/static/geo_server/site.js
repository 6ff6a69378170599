/* Behaviour every page shares, instead of inline onchange/onclick attributes (which a
   Content-Security-Policy without 'unsafe-inline' refuses to run):
   <select data-submit-on-change> sends its form when changed; <button data-print> prints the page. */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches && field.matches("[data-submit-on-change]") && field.form) field.form.submit();
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) window.print();
  });
})();
