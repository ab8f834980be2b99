/// Each view answers the template's key lookups itself, by a switch over its own keys:
/// no reflection and no `Any` while rendering. A test checks that every stored property
/// of every view is reachable here under its own name.

extension PageView: TemplateValueConvertible, TemplateObject where Content: TemplateValueConvertible {
    public func value(forKey lookup: String) -> TemplateValue {
        switch lookup {
        case "site": site.templateValue
        case "root": root.templateValue
        case "path": path.templateValue
        case "title": title.templateValue
        case "fullTitle": fullTitle.templateValue
        case "description": description.templateValue
        case "kind": kind.templateValue
        case "nav": nav.templateValue
        case "jsonLDHTML": jsonLDHTML.templateValue
        case "draft": draft.templateValue
        case "content": content.templateValue
        default: .missing
        }
    }
}

extension SiteView: TemplateObject {
    public func value(forKey lookup: String) -> TemplateValue {
        switch lookup {
        case "title": title.templateValue
        case "description": description.templateValue
        case "language": language.templateValue
        case "author": author.templateValue
        case "caseCount": caseCount.templateValue
        default: .missing
        }
    }
}

extension NavItem: TemplateObject {
    public func value(forKey lookup: String) -> TemplateValue {
        switch lookup {
        case "label": label.templateValue
        case "url": url.templateValue
        case "current": current.templateValue
        case "section": section.templateValue
        default: .missing
        }
    }
}

extension TermLink: TemplateObject {
    public func value(forKey lookup: String) -> TemplateValue {
        switch lookup {
        case "code": code.templateValue
        case "title": title.templateValue
        case "url": url.templateValue
        case "showCode": showCode.templateValue
        default: .missing
        }
    }
}

extension Figure: TemplateObject {
    public func value(forKey lookup: String) -> TemplateValue {
        switch lookup {
        case "label": label.templateValue
        case "value": value.templateValue
        case "note": note.templateValue
        default: .missing
        }
    }
}

extension CaseCard: TemplateObject {
    public var keptFragments: KeptFragments? { kept }

    public func value(forKey lookup: String) -> TemplateValue {
        switch lookup {
        case "id": id.templateValue
        case "title": title.templateValue
        case "summary": summary.templateValue
        case "url": url.templateValue
        case "date": date.templateValue
        case "year": year.templateValue
        case "model": model.templateValue
        case "region": region.templateValue
        case "industry": industry.templateValue
        case "sector": sector.templateValue
        case "draft": draft.templateValue
        case "headline": headline.templateValue
        default: .missing
        }
    }
}

extension HomeView: TemplateObject {
    public func value(forKey lookup: String) -> TemplateValue {
        switch lookup {
        case "figures": figures.templateValue
        case "latest": latest.templateValue
        case "coverage": coverage.templateValue
        default: .missing
        }
    }
}

extension TierCoverage: TemplateObject {
    public func value(forKey lookup: String) -> TemplateValue {
        switch lookup {
        case "label": label.templateValue
        case "plural": plural.templateValue
        case "url": url.templateValue
        case "count": count.templateValue
        case "top": top.templateValue
        default: .missing
        }
    }
}

extension CaseListView: TemplateObject {
    public func value(forKey lookup: String) -> TemplateValue {
        switch lookup {
        case "count": count.templateValue
        case "facets": facets.templateValue
        case "rows": rows.templateValue
        default: .missing
        }
    }
}

extension Facet: TemplateObject {
    public func value(forKey lookup: String) -> TemplateValue {
        switch lookup {
        case "key": key.templateValue
        case "label": label.templateValue
        case "options": options.templateValue
        default: .missing
        }
    }
}

extension FacetOption: TemplateObject {
    public func value(forKey lookup: String) -> TemplateValue {
        switch lookup {
        case "value": value.templateValue
        case "label": label.templateValue
        case "count": count.templateValue
        default: .missing
        }
    }
}

extension CaseRow: TemplateObject {
    public func value(forKey lookup: String) -> TemplateValue {
        switch lookup {
        case "card": card.templateValue
        case "industryCode": industryCode.templateValue
        case "sectorCode": sectorCode.templateValue
        case "modelKey": modelKey.templateValue
        case "region": region.templateValue
        default: .missing
        }
    }
}

extension CaseView: TemplateObject {
    public func value(forKey lookup: String) -> TemplateValue {
        switch lookup {
        case "card": card.templateValue
        case "period": period.templateValue
        case "tags": tags.templateValue
        case "chain": chain.templateValue
        case "metricGroups": metricGroups.templateValue
        case "factors": factors.templateValue
        case "partners": partners.templateValue
        case "bodyHTML": bodyHTML.templateValue
        case "toc": toc.templateValue
        case "related": related.templateValue
        default: .missing
        }
    }
}

extension ChainTier: TemplateObject {
    public func value(forKey lookup: String) -> TemplateValue {
        switch lookup {
        case "tier": tier.templateValue
        case "label": label.templateValue
        case "indexURL": indexURL.templateValue
        case "terms": terms.templateValue
        default: .missing
        }
    }
}

extension MetricGroup: TemplateObject {
    public func value(forKey lookup: String) -> TemplateValue {
        switch lookup {
        case "label": label.templateValue
        case "metrics": metrics.templateValue
        default: .missing
        }
    }
}

extension FactorView: TemplateObject {
    public func value(forKey lookup: String) -> TemplateValue {
        switch lookup {
        case "label": label.templateValue
        case "score": score.templateValue
        case "display": display.templateValue
        case "percent": percent.templateValue
        default: .missing
        }
    }
}

extension PartnerView: TemplateObject {
    public func value(forKey lookup: String) -> TemplateValue {
        switch lookup {
        case "name": name.templateValue
        case "role": role.templateValue
        default: .missing
        }
    }
}

extension TocEntry: TemplateObject {
    public func value(forKey lookup: String) -> TemplateValue {
        switch lookup {
        case "text": text.templateValue
        case "id": id.templateValue
        case "sub": sub.templateValue
        default: .missing
        }
    }
}

extension TierIndexView: TemplateObject {
    public func value(forKey lookup: String) -> TemplateValue {
        switch lookup {
        case "tier": tier.templateValue
        case "label": label.templateValue
        case "count": count.templateValue
        case "parentLabel": parentLabel.templateValue
        case "terms": terms.templateValue
        default: .missing
        }
    }
}

extension TermRow: TemplateObject {
    public func value(forKey lookup: String) -> TemplateValue {
        switch lookup {
        case "term": term.templateValue
        case "parent": parent.templateValue
        case "count": count.templateValue
        default: .missing
        }
    }
}

extension TermView: TemplateObject {
    public func value(forKey lookup: String) -> TemplateValue {
        switch lookup {
        case "tier": tier.templateValue
        case "tierLabel": tierLabel.templateValue
        case "tierURL": tierURL.templateValue
        case "term": term.templateValue
        case "parentLabel": parentLabel.templateValue
        case "parent": parent.templateValue
        case "count": count.templateValue
        case "cases": cases.templateValue
        case "tables": tables.templateValue
        default: .missing
        }
    }
}

extension ComparisonTable: TemplateObject {
    public func value(forKey lookup: String) -> TemplateValue {
        switch lookup {
        case "id": id.templateValue
        case "caption": caption.templateValue
        case "columns": columns.templateValue
        case "rows": rows.templateValue
        case "aggregates": aggregates.templateValue
        case "charts": charts.templateValue
        case "sortable": sortable.templateValue
        default: .missing
        }
    }
}

extension ComparisonColumn: TemplateObject {
    public func value(forKey lookup: String) -> TemplateValue {
        switch lookup {
        case "key": key.templateValue
        case "label": label.templateValue
        case "unit": unit.templateValue
        case "better": better.templateValue
        default: .missing
        }
    }
}

extension ComparisonRow: TemplateObject {
    public func value(forKey lookup: String) -> TemplateValue {
        switch lookup {
        case "title": title.templateValue
        case "url": url.templateValue
        case "printURL": printURL.templateValue
        case "cells": cells.templateValue
        default: .missing
        }
    }
}

extension ComparisonCell: TemplateObject {
    public func value(forKey lookup: String) -> TemplateValue {
        switch lookup {
        case "display": display.templateValue
        case "value": value.templateValue
        case "best": best.templateValue
        case "missing": missing.templateValue
        default: .missing
        }
    }
}

extension AggregateCell: TemplateObject {
    public func value(forKey lookup: String) -> TemplateValue {
        switch lookup {
        case "display": display.templateValue
        case "count": count.templateValue
        default: .missing
        }
    }
}

extension BarChart: TemplateObject {
    public func value(forKey lookup: String) -> TemplateValue {
        switch lookup {
        case "id": id.templateValue
        case "title": title.templateValue
        case "note": note.templateValue
        case "width": width.templateValue
        case "height": height.templateValue
        case "labelWidth": labelWidth.templateValue
        case "bars": bars.templateValue
        default: .missing
        }
    }
}

extension Bar: TemplateObject {
    public func value(forKey lookup: String) -> TemplateValue {
        switch lookup {
        case "label": label.templateValue
        case "shortLabel": shortLabel.templateValue
        case "display": display.templateValue
        case "y": y.templateValue
        case "textY": textY.templateValue
        case "barWidth": barWidth.templateValue
        case "valueX": valueX.templateValue
        case "best": best.templateValue
        default: .missing
        }
    }
}

extension CoverageMatrix: TemplateObject {
    public func value(forKey lookup: String) -> TemplateValue {
        switch lookup {
        case "rowLabel": rowLabel.templateValue
        case "columnLabel": columnLabel.templateValue
        case "columns": columns.templateValue
        case "rows": rows.templateValue
        default: .missing
        }
    }
}

extension CoverageRow: TemplateObject {
    public func value(forKey lookup: String) -> TemplateValue {
        switch lookup {
        case "term": term.templateValue
        case "cells": cells.templateValue
        case "total": total.templateValue
        default: .missing
        }
    }
}

extension CoverageCell: TemplateObject {
    public func value(forKey lookup: String) -> TemplateValue {
        switch lookup {
        case "count": count.templateValue
        case "empty": empty.templateValue
        case "shade": shade.templateValue
        default: .missing
        }
    }
}

extension CompareView: TemplateObject {
    public func value(forKey lookup: String) -> TemplateValue {
        switch lookup {
        case "count": count.templateValue
        case "tables": tables.templateValue
        case "matrix": matrix.templateValue
        default: .missing
        }
    }
}

extension ReportView: TemplateObject {
    public func value(forKey lookup: String) -> TemplateValue {
        switch lookup {
        case "asOf": asOf.templateValue
        case "figures": figures.templateValue
        case "matrix": matrix.templateValue
        case "tables": tables.templateValue
        case "digest": digest.templateValue
        default: .missing
        }
    }
}

extension CaseDigest: TemplateObject {
    public func value(forKey lookup: String) -> TemplateValue {
        switch lookup {
        case "card": card.templateValue
        case "chain": chain.templateValue
        case "partners": partners.templateValue
        case "metrics": metrics.templateValue
        default: .missing
        }
    }
}

extension FreePageView: TemplateObject {
    public func value(forKey lookup: String) -> TemplateValue {
        switch lookup {
        case "summary": summary.templateValue
        case "bodyHTML": bodyHTML.templateValue
        case "toc": toc.templateValue
        default: .missing
        }
    }
}

extension NotFoundView: TemplateObject {
    public func value(forKey lookup: String) -> TemplateValue {
        switch lookup {
        case "latest": latest.templateValue
        default: .missing
        }
    }
}
