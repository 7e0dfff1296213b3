"""An IMS QTI 2.1 content package: ``imsmanifest.xml`` and one assessment item per question.

Most LMSs (Canvas, Blackboard, Brightspace) import it. Options become a choiceInteraction scored
by a mapping (so ``multi`` keeps its partial credit and floor of 0), text a textEntryInteraction
with every accepted form, number a textEntryInteraction compared within its tolerance, order an
orderInteraction (all or nothing: QTI's response processing has no credit by pairs). Every item
shows the explanation and the cited passages as modal feedback once answered.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile

from ..content.model import Bank, Question
from ..kinds import kind_of
from ..kinds.exchange import Numeric, Options, TrueFalse, Typed
from .common import Exported, categories, common_notes, number, passages

QTI = "http://www.imsglobal.org/xsd/imsqti_v2p1"
CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
QTI_XSD = "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
CP_XSD = "http://www.imsglobal.org/xsd/imscp_v1p1.xsd"
MEDIA_TYPE = "application/zip"


def identifier(text: str, prefix: str = "Q-") -> str:
    """A QTI identifier (an XML name) for one of our slugs."""
    return prefix + re.sub(r"[^A-Za-z0-9_.-]", "-", text)


def _q(parent: ET.Element | None, tag: str, attrs: dict | None = None, text: str | None = None) -> ET.Element:
    name = f"{{{QTI}}}{tag}"
    element = ET.Element(name, attrs or {}) if parent is None else ET.SubElement(parent, name, attrs or {})
    if text is not None:
        element.text = text
    return element


def _value(parent: ET.Element, tag: str, values, base: str | None = None) -> None:
    holder = _q(parent, tag)
    for value in values:
        _q(holder, "value", text=str(value))


def _outcomes(item: ET.Element, points: int) -> None:
    for name, default in (("SCORE", "0"), ("MAXSCORE", str(points))):
        declared = _q(item, "outcomeDeclaration", {"identifier": name, "cardinality": "single", "baseType": "float"})
        _value(declared, "defaultValue", [default])
    _q(item, "outcomeDeclaration", {"identifier": "FEEDBACK", "cardinality": "single", "baseType": "identifier"})


def _set(processing: ET.Element, outcome: str) -> ET.Element:
    return _q(processing, "setOutcomeValue", {"identifier": outcome})


def _stem(body: ET.Element, question: Question) -> None:
    if question.claim:
        paragraph = _q(body, "p")
        _q(paragraph, "strong", text="Claim:").tail = f" {question.claim}"


def _feedback(item: ET.Element, question: Question, bank: Bank) -> None:
    shown = _q(item, "modalFeedback", {"outcomeIdentifier": "FEEDBACK", "identifier": "GENERAL", "showHide": "show"})
    _q(shown, "p", text=question.explain.strip())
    for text, article in passages(question, bank):
        _q(_q(shown, "blockquote"), "p", text=f"“{text}”")
        source = _q(shown, "p", text="Source: ")
        _q(source, "cite", text=f"{article.title} — {article.byline}").tail = "."
        if article.url:
            _q(source, "a", {"href": article.url}, text=article.url).tail = ""


def item_xml(question: Question, bank: Bank, exported: Exported) -> bytes:
    """One question as a QTI 2.1 assessmentItem."""
    shape = kind_of(question).exchange(question, bank)
    common_notes(question, shape, exported, points=True, units=False)
    attrs = {
        f"{{{XSI}}}schemaLocation": f"{QTI} {QTI_XSD}",
        "identifier": identifier(question.id),
        "title": question.id,
        "adaptive": "false",
        "timeDependent": "false",
    }
    item = _q(None, "assessmentItem", attrs)
    points = question.points
    declared = _q(item, "responseDeclaration", {"identifier": "RESPONSE"})
    body = ET.Element(f"{{{QTI}}}itemBody")
    processing = ET.Element(f"{{{QTI}}}responseProcessing")
    _stem(body, question)
    if isinstance(shape, (Options, TrueFalse)):
        if isinstance(shape, TrueFalse):
            shape = Options(("True", "False"), (float(shape.answer), float(not shape.answer)), shuffle=False)
        keys = [identifier(str(i), "C") for i in range(len(shape.options))]
        declared.attrib.update({"cardinality": "multiple" if shape.multiple else "single", "baseType": "identifier"})
        right = [k for k, c in zip(keys, shape.credit, strict=True) if c > 0]
        _value(declared, "correctResponse", right if shape.multiple else right[:1])
        mapping = _q(declared, "mapping", {"lowerBound": "0", "upperBound": str(points), "defaultValue": "0"})
        for key, credit in zip(keys, shape.credit, strict=True):
            _q(mapping, "mapEntry", {"mapKey": key, "mappedValue": f"{credit * points:.6g}"})
        interaction = _q(
            body,
            "choiceInteraction",
            {
                "responseIdentifier": "RESPONSE",
                "shuffle": "true" if shape.shuffle else "false",
                "maxChoices": "0" if shape.multiple else "1",
            },
        )
        _q(interaction, "prompt", text=question.prompt)
        for key, option in zip(keys, shape.options, strict=True):
            _q(interaction, "simpleChoice", {"identifier": key}, text=option)
        _q(_set(processing, "SCORE"), "mapResponse", {"identifier": "RESPONSE"})
    elif isinstance(shape, Typed):
        declared.attrib.update({"cardinality": "single", "baseType": "string"})
        _value(declared, "correctResponse", shape.answers[:1])
        mapping = _q(declared, "mapping", {"lowerBound": "0", "upperBound": str(points), "defaultValue": "0"})
        for form in dict.fromkeys(shape.answers):
            _q(mapping, "mapEntry", {"mapKey": form, "mappedValue": str(points), "caseSensitive": "false"})
        _q(body, "p", text=question.prompt)
        _q(_q(body, "p"), "textEntryInteraction", {"responseIdentifier": "RESPONSE", "expectedLength": "40"})
        _q(_set(processing, "SCORE"), "mapResponse", {"identifier": "RESPONSE"})
    elif isinstance(shape, Numeric):
        declared.attrib.update({"cardinality": "single", "baseType": "float"})
        _value(declared, "correctResponse", [number(shape.value)])
        _q(body, "p", text=question.prompt)
        line = _q(body, "p")
        _q(line, "textEntryInteraction", {"responseIdentifier": "RESPONSE", "expectedLength": "12"}).tail = (
            f" {shape.unit}" if shape.unit else None
        )
        tolerance = {"toleranceMode": "absolute", "tolerance": number(shape.tolerance)}
        _right_or_wrong(processing, "equal", tolerance, points)
    else:  # Ordering
        exported.note(question, "QTI marks the order all or nothing: the credit for pairs in the right order is lost")
        keys = [identifier(str(i), "I") for i in range(len(shape.items))]
        declared.attrib.update({"cardinality": "ordered", "baseType": "identifier"})
        _value(declared, "correctResponse", keys)
        interaction = _q(body, "orderInteraction", {"responseIdentifier": "RESPONSE", "shuffle": "true"})
        _q(interaction, "prompt", text=question.prompt)
        for key, text in zip(keys, shape.items, strict=True):
            _q(interaction, "simpleChoice", {"identifier": key}, text=text)
        _right_or_wrong(processing, "match", {}, points)
    _q(_set(processing, "FEEDBACK"), "baseValue", {"baseType": "identifier"}, text="GENERAL")
    _outcomes(item, points)
    # The schema's order: declarations, then the body, the processing and the feedback.
    item.extend([body, processing])
    _feedback(item, question, bank)
    ET.indent(item)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(item, encoding="utf-8") + b"\n"


def _right_or_wrong(processing: ET.Element, test: str, attrs: dict, points: int) -> None:
    """SCORE is ``points`` when the response passes ``test`` against the correct response, else 0."""
    condition = _q(processing, "responseCondition")
    branch = _q(condition, "responseIf")
    compared = _q(branch, test, attrs)
    _q(compared, "variable", {"identifier": "RESPONSE"})
    _q(compared, "correct", {"identifier": "RESPONSE"})
    _q(_set(branch, "SCORE"), "baseValue", {"baseType": "float"}, text=str(points))
    _q(_set(_q(condition, "responseElse"), "SCORE"), "baseValue", {"baseType": "float"}, text="0")


def manifest_xml(bank: Bank, hrefs: list[tuple[str, str]]) -> bytes:
    """The package's manifest: one resource per item file."""
    ET.register_namespace("", CP)
    manifest = ET.Element(
        f"{{{CP}}}manifest",
        {"identifier": identifier("bank", "MANIFEST-"), f"{{{XSI}}}schemaLocation": f"{CP} {CP_XSD}"},
    )
    metadata = ET.SubElement(manifest, f"{{{CP}}}metadata")
    ET.SubElement(metadata, f"{{{CP}}}schema").text = "QTIv2.1 Package"
    ET.SubElement(metadata, f"{{{CP}}}schemaversion").text = "1.0.0"
    ET.SubElement(manifest, f"{{{CP}}}organizations")
    resources = ET.SubElement(manifest, f"{{{CP}}}resources")
    for rid, href in hrefs:
        resource = ET.SubElement(
            resources, f"{{{CP}}}resource", {"identifier": rid, "type": "imsqti_item_xmlv2p1", "href": href}
        )
        ET.SubElement(resource, f"{{{CP}}}file", {"href": href})
    ET.indent(manifest)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(manifest, encoding="utf-8") + b"\n"


def export_qti(bank: Bank, name: str) -> Exported:
    """The bank's ready questions as a QTI 2.1 content package (a zip)."""
    ET.register_namespace("", QTI)
    ET.register_namespace("xsi", XSI)
    exported = Exported(b"", f"{name}.qti.zip", MEDIA_TYPE, 0)
    buffer = io.BytesIO()
    hrefs: list[tuple[str, str]] = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        seen: set[str] = set()
        for _path, questions in categories(bank, exported):
            for question in questions:
                if question.id in seen:  # in two quizzes: one item is enough
                    continue
                seen.add(question.id)
                href = f"items/{question.id}.xml"
                package.writestr(href, item_xml(question, bank, exported))
                hrefs.append((identifier(question.id, "RES-"), href))
                exported.wrote(question)
        package.writestr("imsmanifest.xml", manifest_xml(bank, hrefs))
    exported.data = buffer.getvalue()
    return exported
