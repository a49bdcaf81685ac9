"""The loaded, validated knowledge base: an immutable index over the YAML models."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.i18n import to_traditional
from bot.knowledge.language_model import LanguageFile
from bot.knowledge.model import (
    OUTCOME,
    Cause,
    Lang,
    Option,
    Question,
    Rule,
    Source,
    Step,
    Text,
    TextList,
    UiText,
)
from bot.knowledge.sms_model import SmsFile
from bot.knowledge.sms_weights import SmsWeightsFile

__all__ = ["REQUIRED_COMMANDS", "REQUIRED_TEXTS", "Knowledge", "localize", "localize_lines"]

REQUIRED_TEXTS = frozenset(
    {
        "welcome",
        "help",
        "privacy",
        "reask",
        "progress",
        "chosen",
        "back",
        "restart",
        "done_multi",
        "outcome_intro",
        "cause_line",
        "steps_intro",
        "step_header",
        "step_why",
        "step_how",
        "step_script",
        "step_keep",
        "step_sources",
        "step_detail",
        "disclaimer",
        "restarted",
        "nothing_to_go_back",
        "resumed",
        "lang_set",
        "empty_input",
        "too_long",
        "console_hint",
        "console_commands",
        "goodbye",
        "stale",
        "forget_confirm",
        "forget_yes",
        "forget_no",
        "forget_done",
        "forget_cancelled",
        "group_invite",
        "group_button",
        "unsupported",
        "edited",
        "slow_down",
        "error",
        "next_step",
        "done_step",
        "to_summary",
        "open_step",
        "all_done",
        "lang_choose",
        "cmd_start",
        "cmd_help",
        "cmd_restart",
        "cmd_lang",
        "cmd_privacy",
        "cmd_forget",
        "console_title",
        "console_multi_hint",
        "console_summary_hint",
        "console_step_hint",
        "cmd_evidence",
        "sms_prompt",
        "sms_risk",
        "sms_is_scam",
        "sms_is_official_notice",
        "sms_is_collection",
        "sms_is_unclear",
        "sms_model_why",
        "sms_model_why_plain",
        "sms_seen",
        "sms_now_title",
        "sms_now_scam",
        "sms_now_official_notice",
        "sms_now_collection",
        "sms_now_unclear",
        "sms_advice_button",
        "sms_report_button",
        "sms_report_intro",
        "sms_prefilled",
        "sms_more",
        "evidence_empty",
        "input_cut",
        "session_reset",
        "more_steps",
        "causes_tied",
        # --- s3-report --- (bot/report)
        "report_title",
        "report_generated",
        "report_answers_title",
        "report_no_answers",
        "report_summary_title",
        "report_count",
        "report_after_payoff",
        "report_payoff_unknown",
        "report_night",
        "report_senders",
        "report_timeline_title",
        "report_entry",
        "report_after_mark",
        "report_unknown",
        "report_empty",
        "report_note",
        "report_csv_columns",
        "report_yes",
        "report_no",
        "ready_fill",
        "ready_fill_payoff",
        "ready_fill_messages",
        "ready_fill_sender",
        "ready_fill_text",
        "ready_span",
        "ready_after_part",
        "ready_night_part",
        "ready_threat_part",
        "ready_who_jiebei",
        "ready_who_credit_loan",
        "ready_who_other",
        "ready_95188_title",
        "ready_95188",
        "ready_12378_title",
        "ready_12378",
        "ready_12321_title",
        "ready_12321",
        "ready_12321_more",
        "ready_dispute_title",
        "ready_dispute",
        "ready_never_overdue",
        "ready_wrong_number_title",
        "ready_wrong_number",
        "ready_name_part",
        "ready_wrong_number_note",
        # s3-conv: the channel-neutral conversation (bot.conversation)
        "cmd_check",
        "photo_paste",
        "own_words",
        "sms_replace_ask",
        "sms_change_line",
        "sms_replace_yes",
        "sms_replace_no",
        "sms_replaced",
        "to_questions",
        "step_more",
        "guidance_typed",
        "no_such_step",
        "evidence_none",
        # --- s4-evidence ---
        "keep_ask",
        "keep_yes",
        "keep_no",
        "keep_on_done",
        "keep_on_later",
        "keep_off_done",
        "keep_state_on",
        "keep_state_off",
        "keep_switch_off",
        "keep_switch_on",
        "timeline",
        "timeline_after_unknown",
        "evidence_pdf_button",
        "evidence_csv_button",
        "evidence_texts_button",
        "evidence_delete_button",
        "evidence_delete_confirm",
        "evidence_delete_yes",
        "evidence_deleted",
        "evidence_pdf_caption",
        "evidence_csv_caption",
        "evidence_pdf_failed",
        "evidence_texts_intro",
        "export_saved",
        "console_choose_later",
        # --- s4-photo --- screenshots read by OCR, confirmed before judging
        "photo_reading",
        "photo_read",
        "photo_read_sender",
        "photo_read_hint",
        "photo_confirmed",
        "photo_ok_button",
        "photo_busy_user",
        "photo_busy",
        "photo_too_large",
        "photo_not_image",
        "photo_no_text",
        # --- s5-follow --- follow-ups and repayment reminders (bot.conversation.followups)
        "evidence_paid_button",
        "evidence_paid_ask",
        "evidence_paid_again",
        "evidence_paid_set",
        "timeline_after",
        "report_seen",
        "fu_processing_button",
        "fu_support_button",
        "fu_repayment_button",
        "fu_days_ask",
        "fu_days_option",
        "fu_set",
        "fu_processing_due",
        "fu_support_due",
        "fu_ask",
        "fu_stopped_button",
        "fu_still_button",
        "fu_stopped_done",
        "fu_still_processing",
        "fu_still_support",
        "fu_again_button",
        "repayment_ask_day",
        "repayment_ask_day_again",
        "repayment_ask_ahead",
        "repayment_ahead_option",
        "repayment_ahead_one",
        "repayment_set",
        "repayment_due",
        "reminders_title",
        "reminders_none",
        "rem_line_processing",
        "rem_line_support",
        "rem_line_repayment",
        "reminders_times",
        "reminders_cancel_button",
        "reminders_cancelled",
        "reminders_gone",
        "cmd_reminders",
    }
)
"""Interface texts the channels use; ``texts.yaml`` must define exactly these."""

REQUIRED_COMMANDS = frozenset(
    {
        "quit", "back", "restart", "done", "next", "summary", "help", "privacy", "forget",
        "lang", "details", "check", "evidence", "first_person", "export", "not_first_person",
        "reminders",  # s5-follow
    }
)  # fmt: skip
"""Word lists under ``commands:`` in ``texts.yaml`` that the conversation reads."""


def localize(text: Text, lang: Lang) -> str:
    """The text in ``lang``; zh-Hant is derived from zh-Hans by OpenCC unless written."""
    if lang is Lang.ZH_HANT and isinstance(text, UiText) and text.zh_hant:
        return text.zh_hant
    out = text.authored(lang)
    return to_traditional(out) if lang is Lang.ZH_HANT else out


def localize_lines(lines: TextList, lang: Lang) -> list[str]:
    """Each line in ``lang``; zh-Hant is derived from zh-Hans by OpenCC."""
    out = lines.authored(lang)
    return [to_traditional(x) for x in out] if lang is Lang.ZH_HANT else list(out)


@dataclass(frozen=True)
class Knowledge:
    """Everything the bot knows and says, checked and indexed once at load."""

    revision: str
    start: str
    questions: Mapping[str, Question]
    causes: Mapping[str, Cause]
    steps: Mapping[str, Step]
    rules: tuple[Rule, ...]
    show_top: int
    sources: Mapping[str, Source]
    texts: Mapping[str, Text]
    sms: SmsFile
    language: LanguageFile
    """Reading and checking vocabulary (``language.yaml``): negators, time words, hedges."""
    sms_model: SmsWeightsFile | None = None
    """The statistical layer's weights (``sms_model.json``), when the folder has them."""
    given: Mapping[str, frozenset[str]] = field(default_factory=dict)  # facts no question asks
    order: tuple[str, ...] = ()  # the sequence every step plan follows
    plan_size: int = 6  # steps in the plan; the rest are offered as "more"
    commands: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Typed command words by command (``texts.yaml`` → ``commands``), normalised."""

    def question_for_fact(self, fact: str) -> Question | None:
        """The question that learns ``fact``."""
        return next((q for q in self.questions.values() if q.fact == fact), None)

    def option(self, question_id: str, option_id: str) -> Option | None:
        """Option ``option_id`` of question ``question_id``, if both exist."""
        question = self.questions.get(question_id)
        if question is None:
            return None
        return next((o for o in question.options if o.id == option_id), None)

    def next_node(self, question: Question, option_id: str | None) -> str:
        """Where the tree goes after ``question`` is answered with ``option_id``."""
        option = self.option(question.id, option_id) if option_id else None
        target = (option.next if option else None) or question.next
        return target or OUTCOME

    def text(self, key: str, lang: Lang, **values: object) -> str:
        """Interface text ``key`` in ``lang`` with ``{placeholders}`` filled in."""
        out = localize(self.texts[key], lang)
        return out.format(**values) if values else out
