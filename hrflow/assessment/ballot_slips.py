"""测评票: one slip per one-time code of a 民主测评, eight to an A4 page, each with the code, a QR code of the
voting address and what to do; rendered once, when the codes are made (only their hashes are kept, so a
slip cannot be printed again: HR prints new codes instead)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import segno
from flask import current_app, render_template
from flask_babel import force_locale

from hrflow.assessment.ballots import shown
from hrflow.models import Ballot
from hrflow.models.base import SOURCE_LOCALE
from hrflow.pdf.render import render_html_to_pdf

SLIPS_PER_PAGE = 8


def qr_svg(url: str) -> str:
    """The address as a QR code, an SVG data URI for <img> (error correction M: a creased slip still scans)."""
    return segno.make(url, error="m").svg_data_uri(scale=3, border=2)


def slips_html(ballot: Ballot, codes: Sequence[str], vote_url: Callable[[str], str], entry_url: str) -> str:
    """The slips as HTML: `vote_url(code)` is the address a slip's QR code opens, `entry_url` where a code
    is typed by hand. Printed in Chinese whatever the reader reads: they are the unit's papers."""
    slips = [{"code": shown(code), "qr": qr_svg(vote_url(code))} for code in codes]
    pages = [slips[i:i + SLIPS_PER_PAGE] for i in range(0, len(slips), SLIPS_PER_PAGE)]
    with force_locale(SOURCE_LOCALE):
        return render_template("assessment/ballot_slips_print.html", ballot=ballot, pages=pages,
                               entry_url=entry_url, unit_name=current_app.config["UNIT_NAME"])


def render_slips_pdf(ballot: Ballot, codes: Sequence[str], vote_url: Callable[[str], str], entry_url: str) -> bytes:
    return render_html_to_pdf(slips_html(ballot, codes, vote_url, entry_url))
