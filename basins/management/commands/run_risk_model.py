from django.core.management.base import BaseCommand, CommandError, no_translations

from basins.risk_runs import run_model
from geo_server.errors import ApiError


def metrics_table(metrics: dict) -> str:
    """The held-out comparison as a small text table."""
    def cell(value):
        return "   n/a" if value is None else f"{value:6.3f}"

    lines = [f"held-out reaches: {metrics['held_out']} ({metrics['held_out_relapsed']} relapsed); "
             f"training labels: {metrics['training_labels']}; pseudo-labelled: {metrics['pseudo_labelled']}",
             f"{'':36} {'ROC AUC':>8} {'prec@10%':>9} {'expected prec@10%':>18}"]
    rows = [("model", "model"), ("baseline", f"baseline ({metrics['baseline']['name']})")]
    if "oracle" in metrics:
        rows.append(("oracle", f"oracle ({metrics['oracle']['name']})"))
    for key, title in rows:
        m = metrics[key]
        lines.append(f"{title:36} {cell(m['roc_auc']):>8} {cell(m['precision_at_10']):>9} "
                     f"{cell(m.get('expected_precision_at_10')):>18}")
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Run the relapse risk model, store the run, and set each reach's warning level."

    def add_arguments(self, parser):
        parser.add_argument("--basin", help="basin code (default: every basin)")

    @no_translations  # the command speaks English; so do the API errors it passes on
    def handle(self, *args, basin=None, **options):
        try:
            run = run_model(basin)
        except ApiError as error:
            raise CommandError(error.message) from error
        choice = run.parameters["cv_choice"]
        if choice.get("fallback"):
            self.stdout.write(f"fitted on all basins: {choice['fallback']}")
        self.stdout.write(metrics_table(run.metrics))
        self.stdout.write(f"cross-validated choice: {'with' if choice['peer_group'] else 'without'} peer group, "
                          f"C={choice['C']:g} ({choice['folds']}-fold x {choice['repeats']} on {choice['labels']} labels)")
        levels = run.assessments.values_list("level", flat=True)
        counts = [sum(1 for v in levels if v == level) for level in range(4)]
        self.stdout.write(f"levels none/yellow/orange/red: {'/'.join(map(str, counts))}")
        self.stdout.write(f"run {run.pk} ({run.model_version}) took {run.duration_s:.2f} s")
