// A job's page: poll its JSON every second until it finishes; text only (textContent).
(function () {
  "use strict";
  const section = document.getElementById("job");
  if (!section) return;
  const FINISHED = ["done", "failed", "cancelled"];
  const show = (id, visible) => { document.getElementById(id).hidden = !visible; };

  function render(job) {
    document.getElementById("job-state").textContent = job.stateLabel;
    document.getElementById("job-stage").textContent = job.stage;
    document.getElementById("job-count").textContent = job.total ? `${job.done} / ${job.total}` : String(job.done);
    const bar = document.getElementById("job-progress");
    if (job.percent === null) bar.removeAttribute("value"); else bar.value = job.percent;
    document.getElementById("job-error").textContent = job.error;
    show("job-error", Boolean(job.error));
    show("job-download", Boolean(job.links.download));
    show("job-cancel", !FINISHED.includes(job.state));
    if (job.result) {
      document.getElementById("job-result").textContent = JSON.stringify(job.result, null, 2);
      show("job-result", true);
    }
  }

  async function poll() {
    const response = await fetch(section.dataset.poll, { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    const job = await response.json();
    render(job);
    if (!FINISHED.includes(job.state)) setTimeout(poll, 1000);
  }
  poll();
})();
