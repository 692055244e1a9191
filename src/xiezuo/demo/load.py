"""Writing the demo data: through the apps' service functions, in one transaction, as change-log batch "demo".

Every record is created by its app's service (`create_pairing`, `create_person` with its positions,
`create_visit` with its itinerary, `add_meeting`, `create_project`, `add_transaction`, the cooperation
ledgers' `create_secondment` … `add_inflow`, `create_agreement`, `set_target`, `revise_target`,
`record_manual_actual`), so it is validated, permission-checked and logged like any other; the actor is
the demo administrator. Users and memberships are not ledger records and are written directly.

Each county pairing gets its cooperation ledgers of 2024 (the seed's pairing 2023 as well;
`xiezuo.demo.cooperation`), its co-built parks, the enterprises and social organisations paired with
its villages (sub-pairings), and an annual agreement for each of those years whose targets are set
against those ledgers (`xiezuo.demo.agreements`).

Loading is all or nothing, and happens once: when the demo batch is in the change log already,
nothing is done (`xiezuo.demo.is_loaded`). A database that holds pairings but no demo batch holds
someone's real data: the demo is not mixed into it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import transaction

from xiezuo.apps.agreements.catalogue import install as install_catalogue
from xiezuo.apps.agreements.models import AnnualAgreement, Indicator, Target
from xiezuo.apps.cooperation import services as cooperation
from xiezuo.apps.cooperation.models import Secondment
from xiezuo.apps.core.models import Membership
from xiezuo.apps.core.scoping import forget_scope, scope_of
from xiezuo.apps.pairings.models import Pairing
from xiezuo.apps.pairings.services import create_pairing
from xiezuo.apps.people.models import Organisation, Person
from xiezuo.apps.people.services import create_organisation, create_person
from xiezuo.apps.projects.models import FundTransaction, Project
from xiezuo.apps.projects.services import add_transaction, create_project
from xiezuo.apps.regions.choices import RegionLevel
from xiezuo.apps.regions.models import Region
from xiezuo.apps.regions.services import create_region, division
from xiezuo.apps.visits.models import Visit
from xiezuo.apps.visits.services import add_meeting, create_visit
from xiezuo.demo import DEFAULT_SEED, DEMO_BATCH, DEMO_PASSWORD, is_loaded
from xiezuo.demo import world as w
from xiezuo.demo.agreements import write_agreements
from xiezuo.demo.cooperation import CooperationPlan, generate_cooperation, ledger_rows
from xiezuo.demo.generator import generate_projects

REASON = "演示数据（xiezuo load_demo）"
LEDGER_SERVICES = {  # the services that write the rows of `xiezuo.demo.cooperation.ledger_rows`, by model
    "Secondment": cooperation.create_secondment,
    "LabourPlacement": cooperation.create_labour_placement,
    "ConsumptionRecord": cooperation.create_consumption_record,
    "Donation": cooperation.create_donation,
    "StudentAid": cooperation.create_student_aid,
    "VolunteerService": cooperation.create_volunteer_service,
}


class DemoError(Exception):
    """The demo data cannot be loaded into this database."""


@dataclass
class LoadResult:
    loaded: bool
    message: str
    counts: dict[str, int] = field(default_factory=dict)
    skipped_users: list[str] = field(default_factory=list)


def load_demo(*, seed: int = DEFAULT_SEED) -> LoadResult:
    """Load the demo data unless it is there already; say what was done."""
    if is_loaded():
        return LoadResult(False, "The demo data is loaded already; nothing changed.")
    if Pairing.objects.exists():
        return LoadResult(False, "The database holds pairings that are not demo data: the demo is not mixed into them.")
    with transaction.atomic():
        return _Loader(seed).run()


class _Loader:
    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.password = make_password(DEMO_PASSWORD)  # hashed once, shared by the demo users
        self.regions: dict[str, Region] = {}
        self.pairings: dict[str, Pairing] = {}
        self.people: dict[str, Person] = {}
        self.organisations: dict[str, Organisation] = {}
        self.skipped_users: list[str] = []

    def run(self) -> LoadResult:
        users = {u.username: u for u in w.USERS}
        self.actor = self._user(users["admin"])
        if not scope_of(self.actor).everything:
            raise DemoError("A user named “admin” exists and is not an administrator: the demo needs that name.")
        for spec in w.PAIRINGS:
            self._pairing(spec)
        self._seed_report()
        for spec in w.PAIRINGS:
            if spec.profile is not None:
                self._projects(spec)
                self._cooperation(spec)
        counties = {spec.key: (self.pairings[spec.key], spec.years) for spec in w.PAIRINGS if spec.profile is not None}
        install_catalogue(Indicator)  # a test database flushed between tests has lost the migration's catalogue
        write_agreements(counties, actor=self.actor, seed=self.seed, batch=DEMO_BATCH, reason=REASON)
        for spec in w.USERS:
            if spec.username != "admin":
                self._user(spec)
        return LoadResult(
            True,
            f"Demo data loaded (change-log batch “{DEMO_BATCH}”, seed {self.seed}).",
            counts={
                "pairings": Pairing.objects.count(),
                "people": Person.objects.count(),
                "organisations": Organisation.objects.count(),
                "visits": Visit.objects.count(),
                "projects": Project.objects.count(),
                "fund transactions": FundTransaction.objects.count(),
                "secondments": Secondment.objects.count(),
                "annual agreements": AnnualAgreement.objects.count(),
                "targets": Target.objects.count(),
            },
            skipped_users=self.skipped_users,
        )

    # --- records -------------------------------------------------------------------------------

    def _write(self, service: Any, data: dict[str, Any], **extra: Any) -> Any:
        return service(actor=self.actor, data=data, reason=REASON, batch=DEMO_BATCH, **extra)

    def _region(self, ref: str) -> Region:
        if ref not in self.regions:
            if ref in w.FUNCTIONAL_AREAS:
                parent = self._region(w.FUNCTIONAL_AREAS[ref])
                found = Region.objects.filter(name=ref, parent=parent).first()
                self.regions[ref] = found or create_region(
                    actor=self.actor,
                    data={"name": ref, "level": RegionLevel.FUNCTIONAL, "parent": parent},
                    reason=REASON,
                    batch=DEMO_BATCH,
                )
            else:
                self.regions[ref] = division(ref, batch=DEMO_BATCH)
        return self.regions[ref]

    def _pairing(self, spec: w.PairingSpec) -> None:
        self.pairings[spec.key] = create_pairing(
            actor=self.actor,
            data={
                "name": spec.name,
                "level": spec.level,
                "parent": self.pairings[spec.parent] if spec.parent else None,
                "start_date": spec.start,
                "note": spec.note,
            },
            m2m={
                "east_regions": [self._region(r) for r in spec.east],
                "west_regions": [self._region(r) for r in spec.west],
            },
            reason=REASON,
            batch=DEMO_BATCH,
        )

    def _seed_report(self) -> None:
        """The people, organisations, visit and meeting of the seed report, in the county pairing's ledger."""
        pairing = self.pairings[w.COUNTY]
        for org in w.ORGANISATIONS:
            self.organisations[org.name] = self._write(
                create_organisation,
                {"name": org.name, "type": org.type, "region": self._region(org.region), "pairing": pairing},
            )
        for person in w.PEOPLE:
            self.people[person.name] = self._write(
                create_person,
                {
                    "name": person.name,
                    "region": self._region(person.region),
                    "pairing": pairing,
                    "note": f"职务为{w.SEEN_ON.year}年{w.SEEN_ON.month}月{w.SEEN_ON.day}日报道所载。",
                },
                positions=[{"title": title, "region": self._region(region)} for title, region in person.positions],
            )
        leader = self.people[w.VISIT["leader"]]
        visit = self._write(
            create_visit,
            {
                "pairing": pairing,
                "direction": w.VISIT["direction"],
                "delegation": w.VISIT["delegation"],
                "leader": leader,
                "from_region": self._region(w.VISIT["from_region"]),
                "to_region": self._region(w.VISIT["to_region"]),
                "start_date": w.VISIT["date"],
                "note": w.VISIT["note"],
            },
            m2m={"members": [leader]},
            sites=[self.organisations[name] for name in w.VISIT_SITES],
        )
        self._write(
            add_meeting,
            {
                "pairing": pairing,
                "visit": visit,
                "name": w.MEETING["name"],
                "date": w.MEETING["date"],
                "outcome": w.MEETING["outcome"],
            },
            m2m={"participants": [self.people[name] for name in w.MEETING["participants"]]},
        )

    def _projects(self, spec: w.PairingSpec) -> None:
        assert spec.profile is not None
        pairing = self.pairings[spec.key]
        location = self._region(spec.west[0])
        for plan in generate_projects(spec.profile, spec.projects, seed=self.seed):
            project = self._write(
                create_project,
                {
                    "code": plan.code,
                    "title": plan.title,
                    "pairing": pairing,
                    "year": plan.year,
                    "category": plan.category,
                    "status": plan.status,
                    "location": location,
                    "beneficiaries": plan.beneficiaries,
                    "beneficiaries_formerly_poor": plan.beneficiaries_formerly_poor,
                    "description": plan.description,
                },
            )
            for t in plan.transactions:
                self._write(add_transaction, {"project": project, "type": t.type, "date": t.date, "amount": t.amount})

    def _cooperation(self, spec: w.PairingSpec) -> None:
        """The county pairing's cooperation ledgers, parks and village pairings (`xiezuo.demo.cooperation`)."""
        assert spec.profile is not None
        plan = generate_cooperation(spec.profile, spec.years, seed=self.seed, size=spec.size)
        pairing = self.pairings[spec.key]
        self._ledgers(pairing, plan)
        parks = {
            park.name: self._write(
                cooperation.create_park,
                {
                    "pairing": pairing,
                    "name": park.name,
                    "region": self._region(spec.west[0]),
                    "established": park.established,
                },
            )
            for park in plan.parks
        }
        for lead in plan.leads:
            record = self._write(
                cooperation.create_lead,
                {
                    "pairing": pairing,
                    "enterprise": lead.enterprise,
                    "stage": lead.stage,
                    "agreed_investment_yuan": lead.agreed,
                    "park": parks.get(lead.park),
                    "jobs_created": lead.jobs,
                    "signed_on": lead.signed_on,
                },
            )
            for inflow in lead.inflows:
                self._write(cooperation.add_inflow, {"lead": record, **asdict(inflow)})
        self._village_pairings(spec, plan)

    def _ledgers(self, pairing: Pairing, plan: CooperationPlan) -> None:
        """The dated rows: secondments, labour, consumption, donations, student aid and volunteering."""
        for model, fields in ledger_rows(plan):
            self._write(LEDGER_SERVICES[model], {"pairing": pairing, **fields})

    def _village_pairings(self, spec: w.PairingSpec, plan: CooperationPlan) -> None:
        """Enterprises and social organisations of the east paired with villages of the county (村企结对)."""
        county = self.pairings[spec.key]
        east, west = self._region(spec.east[-1]), self._region(spec.west[0])
        organisations: dict[str, Organisation] = {}

        def organisation(name: str, type_: str, region: Region) -> Organisation:
            if name not in organisations:
                organisations[name] = self._write(
                    create_organisation, {"name": name, "type": type_, "region": region, "pairing": county}
                )
            return organisations[name]

        for village in plan.village_pairings:
            self._write(
                create_pairing,
                {"level": "sub", "kind": village.kind, "parent": county, "start_date": village.start},
                m2m={
                    "east_organisations": [organisation(village.partner, village.partner_type, east)],
                    "west_organisations": [organisation(village.village, "village_collective", west)],
                },
            )

    # --- users ---------------------------------------------------------------------------------

    def _user(self, spec: w.DemoUser) -> User:
        """A demo user with its membership; an existing user of that name is left as it is."""
        existing = User.objects.filter(username=spec.username).first()
        if existing is not None:
            self.skipped_users.append(spec.username)
            return existing
        admin = spec.role == "admin"
        user = User(username=spec.username, password=self.password, is_staff=admin, is_superuser=admin)
        user.save()
        Membership.objects.create(
            user=user,
            role=spec.role,
            pairing=self.pairings[spec.pairing] if spec.pairing else None,
            side=spec.side,
            scope_code=spec.scope_code,
        )
        forget_scope(user)
        return user
