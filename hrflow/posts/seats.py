"""Counting seats: how many a post has, how many are filled, vacant and recruitable, per post, per
department (sub-units rolled up) and for the whole unit.

A filled seat is never stored: it is an open appointment, counted here by the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import Select, case, func, select

from hrflow.clock import unit_today
from hrflow.extensions import db
from hrflow.models import Appointment, AppointmentKind, Post, PostVersion
from hrflow.models.org import department_tree


@dataclass
class SeatCount:
    seats: int = 0
    filled: int = 0
    recruitable: int = 0  # vacant seats that may be recruited (never 此次不聘)
    posts: int = 0

    @property
    def vacant(self) -> int:
        return self.seats - self.filled

    def add(self, other: SeatCount) -> None:
        self.seats += other.seats
        self.filled += other.filled
        self.recruitable += other.recruitable
        self.posts += other.posts


def seat_count(seats: int, recruitable: bool, filled: int) -> SeatCount:
    """One post's count: more people than seats (a table's error) never makes a negative vacancy."""
    filled = min(filled, seats)
    vacant = seats - filled
    return SeatCount(seats, filled, vacant if recruitable else 0, 1)


def post_seat_count(version: PostVersion, filled: int) -> SeatCount:
    return seat_count(version.seats, version.recruitable, filled)


def filled_per_post(on: date, *, promised: bool = False) -> Select:
    """SELECT post_id, filled: the appointments of each post open on `on`. A concurrent (兼任) one fills
    a seat only when CONCURRENT_FILLS_SEAT. promised: also those that start after `on`."""
    if current_app.config.get("CONCURRENT_FILLS_SEAT", True):
        counted = func.count(Appointment.id)
    else:
        counted = func.sum(case((Appointment.kind == AppointmentKind.CONCURRENT.value, 0), else_=1))
    query = (
        select(Appointment.post_id, counted.label("filled"))
        .where((Appointment.end_date.is_(None)) | (Appointment.end_date > on))
        .group_by(Appointment.post_id)
    )
    if not promised:
        query = query.where((Appointment.start_date.is_(None)) | (Appointment.start_date <= on))
    return query


def filled_counts(on: date | None = None, post_ids: list[int] | None = None, *, promised: bool = False) -> dict[int, int]:
    """Open appointments per post, in one query; post_ids limits it to those posts (a post page).
    promised=True also counts people appointed from a later date: a seat promised is not free."""
    query = filled_per_post(on or unit_today(), promised=promised)
    if post_ids is not None:
        query = query.where(Appointment.post_id.in_(post_ids))
    return {post_id: int(n or 0) for post_id, n in db.session.execute(query)}


def post_seats(post: Post, on: date | None = None) -> SeatCount:
    """The post's seat count, counting only its own appointments."""
    return post_seat_count(post.current, filled_counts(on, post_ids=[post.id]).get(post.id, 0))


def seats_by_department(on: date | None = None) -> dict[int, SeatCount]:
    """Each department's own posts added up by the database (one row per department, however many
    posts): posts, seats, filled (never more than the seats) and the vacant seats that may be
    recruited."""
    filled = filled_per_post(on or unit_today()).subquery()
    appointed = func.coalesce(filled.c.filled, 0)
    seats_filled = case((appointed > PostVersion.seats, PostVersion.seats), else_=appointed)
    recruitable = case((PostVersion.recruitable, PostVersion.seats - seats_filled), else_=0)
    rows = db.session.execute(
        select(Post.department_id, func.count(Post.id), func.sum(PostVersion.seats), func.sum(seats_filled),
               func.sum(recruitable))
        .join(PostVersion, Post.current_version_id == PostVersion.id)
        .outerjoin(filled, filled.c.post_id == Post.id)
        .group_by(Post.department_id)
    )
    return {department_id: SeatCount(int(seats), int(filled), int(recruitable), posts)
            for department_id, posts, seats, filled, recruitable in rows}


def roll_up(parents: dict[int, int | None], own: dict[int, SeatCount]) -> tuple[dict[int, SeatCount], SeatCount]:
    """Each department's count with its sub-units added in, and the whole unit's."""
    rolled = {department_id: SeatCount() for department_id in parents}
    total = SeatCount()
    for department_id, count in own.items():
        total.add(count)
        node: int | None = department_id
        while node is not None:
            rolled[node].add(count)
            node = parents[node]
    return rolled, total


def department_counts(on: date | None = None) -> tuple[dict[int, SeatCount], SeatCount]:
    """Seat counts per department (sub-units rolled up into their parents) and for the unit."""
    parents = {d.id: d.parent_id for d in department_tree().rows}
    return roll_up(parents, seats_by_department(on))


def stats() -> dict[str, int]:
    """The unit's totals: top-level departments, posts, seats, filled, vacant, recruitable."""
    _, total = department_counts()
    return {
        "departments": sum(1 for row in department_tree().rows if row.parent_id is None),
        "posts": total.posts,
        "seats": total.seats,
        "filled": total.filled,
        "vacant": total.vacant,
        "recruitable": total.recruitable,
    }
