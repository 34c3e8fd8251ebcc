"""The audit trail: one row per write, made in the same transaction as the write, each row chained
to the one before it (`core.audit_chain`)."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        DELETE = "delete", _("Deleted")
        IMPORT = "import", _("Imported")
        EXPORT = "export", _("Exported")
        REVEAL = "reveal", _("Revealed ID number")

    # Stamped by the chain when the entry is appended (not `auto_now_add`, which would stamp it
    # again after its hash was computed), never earlier than the entry before it.
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("user"),
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=200)
    # The community (or higher area) the object belongs to: auditors read the trail of their area.
    area_code = models.CharField(_("area code"), max_length=12, db_index=True)
    # The household the object belongs to, if any: its trail is read on its page. No foreign key
    # constraint: the trail outlives any row it talks about.
    household_id = models.BigIntegerField(_("household"), null=True, db_index=True)
    before = models.JSONField(_("before"), null=True)
    after = models.JSONField(_("after"), null=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    # The chain (docs/architecture.md, "The audit chain"): a gap-free number, the hash of the entry
    # before, and the SHA-256 of this entry's canonical form, which covers both.
    seq = models.PositiveBigIntegerField(_("sequence number"), unique=True, editable=False)
    prev_hash = models.CharField(_("previous hash"), max_length=64, editable=False)
    hash = models.CharField(_("hash"), max_length=64, editable=False)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # An entry is appended once and never rewritten: its hash would no longer hold.
        if not self._state.adding:
            raise RuntimeError("An audit entry is never changed once written.")
        super().save(*args, **kwargs)


class AuditChainHead(models.Model):
    """The end of the audit chain: one row (pk 1), locked by every transaction that appends, so
    two writers never chain onto the same entry. It also says how long the chain is, so that
    entries deleted from its end are missed."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)
    at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}"


class Job(models.Model):
    """Long work started from a page or the API and done by the worker (`dibao db_worker`).

    One model for every kind of work: what it is, how far it has got, who started it and for which
    area, and what came of it. The work itself writes in its own transaction; this row is written
    outside it, between chunks, so a reader sees it move and a failed job's row survives the
    rollback of everything the job wrote.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Finished")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=40)
    state = models.CharField(_("state"), max_length=9, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("of"), null=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    area_code = models.CharField(_("area code"), max_length=12, db_index=True)
    params = models.JSONField(_("parameters"), default=dict)
    # The uploaded file the work reads, kept until the work is done (the worker may be elsewhere).
    upload_name = models.CharField(_("file"), max_length=200, blank=True)
    upload = models.BinaryField(null=True, editable=False)
    # Work that must not run twice at once (a county's month drafted) names itself here: while one
    # such job is queued or running, the database refuses a second (`core_job_one_at_a_time`).
    lock_key = models.CharField(max_length=80, blank=True)
    outcome = models.JSONField(_("outcome"), null=True)
    result_url = models.CharField(max_length=200, blank=True)
    # The file the work produced (an export), kept for JOB_FILES_KEPT_FOR and downloaded from the
    # job's page; `file_name` is what the download is called. Saved in the work's transaction.
    file = models.FileField(_("file"), upload_to="jobs/", max_length=200, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    # What the result page says first, in the language of the one who started the job.
    message = models.CharField(max_length=300, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    started_at = models.DateTimeField(null=True)
    heartbeat_at = models.DateTimeField(null=True)
    finished_at = models.DateTimeField(_("finished"), null=True)

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["actor", "-created_at"], name="core_job_actor_recent")]
        constraints = [
            models.UniqueConstraint(
                fields=["lock_key"],
                condition=models.Q(state__in=["queued", "running"]) & ~models.Q(lock_key=""),
                name="core_job_one_at_a_time",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"
