"""The words of the demo cases: allegations, reasons, rationales and learning.

Short, plausible and varied enough that lists and timelines read like a real
Professional Standards Department's, without describing any real event.
"""

from __future__ import annotations

from complaints.cases.choices import AllegationAction

A = AllegationAction
Taken = tuple[tuple[AllegationAction, ...], str | None]  # the actions' codes, and a note

# What complainants allege, by category group (domain.md A4).
ALLEGATIONS = {
    "A": (
        "Officers took three days to attend a reported burglary.",
        "Nobody called back after I reported harassment by a neighbour.",
        "The decision to take no further action on my assault report was wrong.",
        "I was not told that my case had been closed.",
        "My calls to 101 went unanswered for over an hour.",
        "The officer did not record the crime I reported.",
        "CCTV of the theft of my bike was never collected.",
        "The officer gave me the wrong date for the court hearing.",
        "My missing person report was not taken seriously.",
        "Nobody updated me about the investigation into my stolen car.",
    ),
    "B": (
        "I was stopped and searched without any reason being given.",
        "The handcuffs were far too tight and the officer ignored me.",
        "I was arrested when I had done nothing wrong.",
        "I was kept in custody for 20 hours without my medication.",
        "Officers searched my house and left it in a mess.",
        "I was pushed to the ground during the arrest.",
        "My interview went ahead without the solicitor I asked for.",
        "A Taser was drawn on me in front of my children.",
        "My son was given a caution without understanding what it meant.",
    ),
    "C": (
        "My phone was seized and has not been returned after eight months.",
        "My front door was broken during a search and nobody told me how to claim.",
        "Property taken from me in custody has gone missing.",
    ),
    "D": (
        "An officer looked me up on police systems for personal reasons.",
        "My new address was disclosed to my former partner.",
        "Details of my complaint were shared with the officer's family.",
        "A police letter about me was sent to the wrong address.",
    ),
    "E": (
        "A police car was driven fast through a residential street without lights.",
        "A police van was parked across my driveway for two hours.",
        "A marked car went through a red light when not on a call.",
    ),
    "F": (
        "The officer made remarks about my ethnicity during a stop.",
        "I was treated differently because of my disability.",
        "The officer assumed I did not speak English and would not listen to me.",
        "I was mocked because of my religion.",
        "Officers dismissed my report because of my age.",
    ),
    "G": (
        "An officer pursued a relationship with me while dealing with my report.",
        "An officer accepted free goods from a local business.",
        "An officer used his position to intervene in a dispute involving a friend.",
    ),
    "H": (
        "The officer swore at me.",
        "The call handler was rude and put the phone down on me.",
        "The officer laughed at me when I was upset.",
        "The officer shouted at my son in the street.",
        "The officer was sarcastic and dismissive throughout.",
        "The officer took sides in a neighbour dispute.",
        "An officer kept driving past my house to intimidate me.",
    ),
    "J": (
        "The officer made comments of a sexual nature during a home visit.",
        "An officer sent me inappropriate messages after taking my statement.",
    ),
    "K": (
        "An off-duty officer was drunk and abusive in a pub.",
        "An officer posted offensive comments online about local residents.",
    ),
    "L": (
        "The policing of a funeral procession was insensitive.",
        "Officers did not respect the wishes of my family at a sudden death.",
    ),
}

# Recordable conduct matters found internally, with the category each one falls under.
CONDUCT_MATTERS = (
    ("D1", "Audit of police systems found an officer searching records with no policing purpose."),
    ("D2", "A member of staff is suspected of passing information to a known offender."),
    ("K1", "An officer was arrested off duty for drink driving."),
    ("K1", "An officer was reported for offensive messages in a group chat."),
    ("G2", "Intelligence suggests an officer sought a relationship with a vulnerable victim."),
    ("G1", "An officer is suspected of claiming overtime for shifts not worked."),
    ("G4", "An officer allegedly tried to have a relative's speeding offence cancelled."),
    ("J2", "A colleague reported unwanted sexual comments by a supervisor."),
    ("B6", "Body-worn video shows baton strikes not recorded on the use-of-force form."),
    ("H4", "A probationer reported bullying by a tutor constable."),
)

DSI_MATTERS = (
    "Death in police custody at {place}.",
    "Serious injury to a man arrested in {town}; he was taken to hospital from custody.",
    "A motorcyclist was seriously injured after police tried to stop him near {town}.",
    "A woman died at home in {town} two days after release from custody.",
    "A man was seriously injured when he fell during a foot chase in {town}.",
)

RECORD_REASONS = {
    "complainant_wishes": (
        "The complainant asked for the complaint to be recorded.",
        "The complainant wants a formal outcome under Schedule 3.",
    ),
    "aa_decided": (
        "Recording is the proportionate way to deal with the allegations.",
        "The allegations need a formal assessment under Schedule 3.",
    ),
    "dissatisfied": (
        "The complainant is not satisfied with the initial handling.",
        "Initial handling did not resolve the complaint; the complainant asked for recording.",
    ),
    "mandatory": (
        "The conduct, if proved, could justify disciplinary proceedings.",
        "The complaint alleges serious injury and must be recorded.",
        "A possible breach of Article 3 ECHR is alleged.",
    ),
}

# (referral type, reason) for complaints and conduct matters referred to the IOPC.
REFERRALS = (
    ("mandatory", "Mandatory referral: the complaint alleges serious injury."),
    ("mandatory", "Mandatory referral: a serious assault by a person serving with the police."),
    ("mandatory", "Mandatory referral: serious discriminatory behaviour alleged."),
    ("voluntary", "Voluntary referral: significant public concern about the incident."),
)

DSI_REFERRAL_REASON = "Mandatory referral of a death or serious injury matter."

SUSPENSION_REASONS = (
    "Sub judice: criminal proceedings against the complainant are under way.",
    "Sub judice: a linked trial is listed at Northshire Crown Court.",
    "Awaiting the outcome of the coroner's inquest.",
    "The CPS is considering charges against the officer.",
)

REOPEN_REASONS = (
    "New evidence came to light after the case was finalised.",
    "The complainant provided body-worn video footage not seen before.",
    "The case was closed in error before the outcome letter was sent.",
)

RESTRICTION_REASONS = (
    "The subject works in Professional Standards.",
    "The complainant is a serving officer.",
    "Linked to a covert criminal investigation.",
    "The subject is a senior officer in the division.",
    "High-profile incident: access on a need-to-know basis.",
)

TERMS_OF_REFERENCE = (
    "To investigate whether the officers' use of force was necessary and proportionate.",
    "To establish whether the arrest was lawful and the officers followed policy.",
    "To investigate whether the officer accessed police systems without a policing purpose.",
    "To examine the response to the complainant's calls and whether it met policy.",
    "To investigate whether the officer's conduct fell below the Standards of Professional "
    "Behaviour.",
)

# Who conducts a meeting, or chairs a hearing (a legally qualified chair), in the demo.
PROCEEDINGS_CHAIRS = (
    "Supt Helen Marsh",
    "Ch Supt Owen Pryce",
    "Ms Rachel Adeyemi (legally qualified chair)",
    "Mr Daniel Whitlock (legally qualified chair)",
)
HEARING_PANELS = (
    "Ch Supt Owen Pryce; Mrs Joan Fielding (independent member)",
    "Supt Helen Marsh; Mr Vikram Desai (independent member)",
)
ADJOURNMENT_REASONS = (
    "The officer's representative was unavailable on the day.",
    "New evidence was disclosed late and the officer asked for time to consider it.",
)

REPORT_SUMMARIES = (
    "Body-worn video and witness statements reviewed; findings set out allegation by allegation.",
    "The investigation found the service provided was not acceptable in part.",
    "Evidence does not support the allegation; learning identified for the team.",
    "The officer's account is consistent with the footage; no case to answer proposed.",
)

CONTACT_NOT_POSSIBLE = (
    "No reply to two letters and three calls; no other contact details.",
    "Phone number not recognised and emails returned undelivered; no address given.",
    "Letters returned 'not known at this address'; no phone number or email given.",
    "Three calls and a voicemail unanswered; no reply to the letter sent.",
)

CONTACT_WISHES = (
    "Wants an apology and an explanation.",
    "Wants the officer spoken to.",
    "Wants the complaint recorded and investigated.",
    "Wants to know why nobody attended.",
    "Wants the property returned.",
    "Wants assurance that it will not happen to anyone else.",
)

UPDATE_SUMMARIES = (
    "Update given on progress; enquiries are continuing.",
    "Told the complainant that statements are still being gathered.",
    "Explained the delay and the next steps.",
    "Update sent by email; no response requested.",
)

NOTES = (
    "Body-worn video requested from the division.",
    "CCTV retention checked: footage kept until the end of the month.",
    "Left a voicemail for the complainant; will try again tomorrow.",
    "Discussed with the appropriate authority; agreed the proposed approach.",
    "Officer's duty status checked: on leave until next week.",
    "Interpreter booked for the next call.",
)

# The actions taken (domain.md B3.5) as the result page records them: codes, and now
# and then a note saying what the codes cannot.
OUTSIDE_ACTIONS: tuple[Taken, ...] = (
    ((A.EXPLANATION,), None),
    ((A.APOLOGY,), "Apology given on behalf of the force."),
    ((A.INDIVIDUAL_LEARNING,), "Officer spoken to by their supervisor."),
    ((A.PUT_RIGHT,), "Property returned to the complainant."),
    ((A.EXPLANATION, A.ORGANISATIONAL_LEARNING), None),
)

SCHEDULE_3_ACTIONS: tuple[Taken, ...] = (
    ((A.APOLOGY, A.RPRP), None),
    ((A.ORGANISATIONAL_LEARNING,), "Learning shared with the team."),
    ((A.ORGANISATIONAL_LEARNING,), "Policy reminder issued to the division."),
    ((A.RPRP,), None),
)

REVIEW_ROUTING_REASONS = {
    "opcc": "No IOPC limb applies, so the OPCC (local policing body) reviews.",
    "referred": "The complaint was referred to the IOPC, so the IOPC reviews.",
    "crime_or_misconduct": "The conduct, if proved, could justify disciplinary proceedings.",
    "senior": "A subject is above the rank of chief superintendent.",
}

REVIEW_RATIONALES = {
    "upheld": (
        "The outcome was not reasonable and proportionate: key evidence was not considered.",
        "The handling did not address all the allegations the complainant made.",
        "The complainant was not given an adequate explanation of the outcome.",
    ),
    "not_upheld": (
        "The outcome was reasonable and proportionate.",
        "All allegations were considered and the conclusions follow from the evidence.",
    ),
}

REVIEW_RECOMMENDATIONS = (
    "Obtain and review the body-worn video, then reconsider the outcome.",
    "Respond to each allegation in turn and write to the complainant again.",
    "Reconsider whether the officer has a case to answer.",
)

LEARNING = (
    ("Body-worn video", "Remind officers to switch on body-worn video before a stop."),
    ("Call handling", "Call handlers to record the risk assessment when a call is downgraded."),
    ("Keeping victims informed", "Set a diary reminder to update victims every 28 days."),
    ("Stop and search", "Supervisors to dip-sample stop and search records each month."),
    ("Custody welfare", "Custody staff to record medication checks at each review."),
    ("Use of force", "Use-of-force forms to be completed before the end of the shift."),
    ("Record keeping", "Officers to record the reasons for a no-further-action decision."),
    ("Disability awareness", "Include reasonable adjustments in the next training day."),
    ("Property handling", "Seized property to be tracked until returned or disposed of."),
    ("Complaint letters", "Outcome letters to answer each allegation in plain English."),
)

LEARNING_EVIDENCE = (
    "Briefing delivered to all response teams; attendance recorded.",
    "Policy updated and published on the intranet.",
    "Training package delivered; completion rate 92%.",
    "Audit three months later found the change in place.",
)

LEARNING_SHARED_HOW = (
    "PSD learning bulletin",
    "Divisional briefing",
    "Force intranet article",
    "Supervisors' meeting",
)

LEARNING_NOT_ACCEPTED = (
    "Already covered by the current national guidance.",
    "Cost outweighs the benefit; the risk is managed another way.",
)

INSPECTION_FINDINGS = (
    "HMICFRS: the force should improve how it updates complainants during investigations.",
    "HMICFRS: the force should make sure learning from complaints reaches frontline teams.",
    "HMICFRS: the force should improve its recording of the use of force.",
)

NEEDS = (
    "Needs an Urdu interpreter.",
    "Large print letters, please.",
    "Prefers calls after 4pm.",
    "Needs a BSL interpreter.",
    "Deaf: contact by email or text only.",
)
