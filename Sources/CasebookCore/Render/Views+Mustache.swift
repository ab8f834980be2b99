public import Mustache

/// Each view answers Mustache's key lookups itself: swift-mustache otherwise reflects on
/// every value with `Mirror`, which costs more than all the rest of a build. A test checks
/// that every stored property of every view is reachable here under its own name.

extension PageView: MustacheParent {
    public func child(named lookup: String) -> Any? {
        switch lookup {
        case "site": site
        case "root": root
        case "path": path
        case "title": title
        case "fullTitle": fullTitle
        case "description": description
        case "kind": kind
        case "nav": nav
        case "jsonLDHTML": jsonLDHTML
        case "draft": draft
        case "content": content
        default: nil
        }
    }
}

extension SiteView: MustacheParent {
    public func child(named lookup: String) -> Any? {
        switch lookup {
        case "title": title
        case "description": description
        case "language": language
        case "author": author
        case "caseCount": caseCount
        default: nil
        }
    }
}

extension NavItem: MustacheParent {
    public func child(named lookup: String) -> Any? {
        switch lookup {
        case "label": label
        case "url": url
        case "current": current
        case "section": section
        default: nil
        }
    }
}

extension TermLink: MustacheParent {
    public func child(named lookup: String) -> Any? {
        switch lookup {
        case "code": code
        case "title": title
        case "url": url
        case "showCode": showCode
        default: nil
        }
    }
}

extension Figure: MustacheParent {
    public func child(named lookup: String) -> Any? {
        switch lookup {
        case "label": label
        case "value": value
        case "note": note
        default: nil
        }
    }
}

extension CaseCard: MustacheParent {
    public func child(named lookup: String) -> Any? {
        switch lookup {
        case "id": id
        case "title": title
        case "summary": summary
        case "url": url
        case "date": date
        case "year": year
        case "model": model
        case "region": region
        case "industry": industry
        case "sector": sector
        case "draft": draft
        case "headline": headline
        default: nil
        }
    }
}

extension HomeView: MustacheParent {
    public func child(named lookup: String) -> Any? {
        switch lookup {
        case "figures": figures
        case "latest": latest
        case "coverage": coverage
        default: nil
        }
    }
}

extension TierCoverage: MustacheParent {
    public func child(named lookup: String) -> Any? {
        switch lookup {
        case "label": label
        case "plural": plural
        case "url": url
        case "count": count
        case "top": top
        default: nil
        }
    }
}

extension CaseListView: MustacheParent {
    public func child(named lookup: String) -> Any? {
        switch lookup {
        case "count": count
        case "facets": facets
        case "rows": rows
        default: nil
        }
    }
}

extension Facet: MustacheParent {
    public func child(named lookup: String) -> Any? {
        switch lookup {
        case "key": key
        case "label": label
        case "options": options
        default: nil
        }
    }
}

extension FacetOption: MustacheParent {
    public func child(named lookup: String) -> Any? {
        switch lookup {
        case "value": value
        case "label": label
        case "count": count
        default: nil
        }
    }
}

extension CaseRow: MustacheParent {
    public func child(named lookup: String) -> Any? {
        switch lookup {
        case "card": card
        case "industryCode": industryCode
        case "sectorCode": sectorCode
        case "modelKey": modelKey
        case "region": region
        default: nil
        }
    }
}

extension CaseView: MustacheParent {
    public func child(named lookup: String) -> Any? {
        switch lookup {
        case "card": card
        case "period": period
        case "tags": tags
        case "chain": chain
        case "metricGroups": metricGroups
        case "factors": factors
        case "partners": partners
        case "bodyHTML": bodyHTML
        case "toc": toc
        case "related": related
        default: nil
        }
    }
}

extension ChainTier: MustacheParent {
    public func child(named lookup: String) -> Any? {
        switch lookup {
        case "tier": tier
        case "label": label
        case "indexURL": indexURL
        case "terms": terms
        default: nil
        }
    }
}

extension MetricGroup: MustacheParent {
    public func child(named lookup: String) -> Any? {
        switch lookup {
        case "label": label
        case "metrics": metrics
        default: nil
        }
    }
}

extension FactorView: MustacheParent {
    public func child(named lookup: String) -> Any? {
        switch lookup {
        case "label": label
        case "score": score
        case "display": display
        case "percent": percent
        default: nil
        }
    }
}

extension PartnerView: MustacheParent {
    public func child(named lookup: String) -> Any? {
        switch lookup {
        case "name": name
        case "role": role
        default: nil
        }
    }
}

extension TocEntry: MustacheParent {
    public func child(named lookup: String) -> Any? {
        switch lookup {
        case "text": text
        case "id": id
        case "sub": sub
        default: nil
        }
    }
}

extension TierIndexView: MustacheParent {
    public func child(named lookup: String) -> Any? {
        switch lookup {
        case "tier": tier
        case "label": label
        case "count": count
        case "parentLabel": parentLabel
        case "terms": terms
        default: nil
        }
    }
}

extension TermRow: MustacheParent {
    public func child(named lookup: String) -> Any? {
        switch lookup {
        case "term": term
        case "parent": parent
        case "count": count
        default: nil
        }
    }
}

extension TermView: MustacheParent {
    public func child(named lookup: String) -> Any? {
        switch lookup {
        case "tier": tier
        case "tierLabel": tierLabel
        case "tierURL": tierURL
        case "term": term
        case "parentLabel": parentLabel
        case "parent": parent
        case "count": count
        case "cases": cases
        case "tables": tables
        default: nil
        }
    }
}

extension ComparisonTable: MustacheParent {
    public func child(named lookup: String) -> Any? {
        switch lookup {
        case "id": id
        case "caption": caption
        case "columns": columns
        case "rows": rows
        case "aggregates": aggregates
        case "charts": charts
        case "sortable": sortable
        default: nil
        }
    }
}

extension ComparisonColumn: MustacheParent {
    public func child(named lookup: String) -> Any? {
        switch lookup {
        case "key": key
        case "label": label
        case "unit": unit
        case "better": better
        default: nil
        }
    }
}

extension ComparisonRow: MustacheParent {
    public func child(named lookup: String) -> Any? {
        switch lookup {
        case "title": title
        case "url": url
        case "printURL": printURL
        case "cells": cells
        default: nil
        }
    }
}

extension ComparisonCell: MustacheParent {
    public func child(named lookup: String) -> Any? {
        switch lookup {
        case "display": display
        case "value": value
        case "best": best
        case "missing": missing
        default: nil
        }
    }
}

extension AggregateCell: MustacheParent {
    public func child(named lookup: String) -> Any? {
        switch lookup {
        case "display": display
        case "count": count
        default: nil
        }
    }
}

extension BarChart: MustacheParent {
    public func child(named lookup: String) -> Any? {
        switch lookup {
        case "id": id
        case "title": title
        case "note": note
        case "width": width
        case "height": height
        case "labelWidth": labelWidth
        case "bars": bars
        default: nil
        }
    }
}

extension Bar: MustacheParent {
    public func child(named lookup: String) -> Any? {
        switch lookup {
        case "label": label
        case "shortLabel": shortLabel
        case "display": display
        case "y": y
        case "textY": textY
        case "barWidth": barWidth
        case "valueX": valueX
        case "best": best
        default: nil
        }
    }
}

extension CoverageMatrix: MustacheParent {
    public func child(named lookup: String) -> Any? {
        switch lookup {
        case "rowLabel": rowLabel
        case "columnLabel": columnLabel
        case "columns": columns
        case "rows": rows
        default: nil
        }
    }
}

extension CoverageRow: MustacheParent {
    public func child(named lookup: String) -> Any? {
        switch lookup {
        case "term": term
        case "cells": cells
        case "total": total
        default: nil
        }
    }
}

extension CoverageCell: MustacheParent {
    public func child(named lookup: String) -> Any? {
        switch lookup {
        case "count": count
        case "empty": empty
        case "shade": shade
        default: nil
        }
    }
}

extension CompareView: MustacheParent {
    public func child(named lookup: String) -> Any? {
        switch lookup {
        case "count": count
        case "tables": tables
        case "matrix": matrix
        default: nil
        }
    }
}

extension ReportView: MustacheParent {
    public func child(named lookup: String) -> Any? {
        switch lookup {
        case "asOf": asOf
        case "figures": figures
        case "matrix": matrix
        case "tables": tables
        case "digest": digest
        default: nil
        }
    }
}

extension CaseDigest: MustacheParent {
    public func child(named lookup: String) -> Any? {
        switch lookup {
        case "card": card
        case "chain": chain
        case "partners": partners
        case "metrics": metrics
        default: nil
        }
    }
}

extension FreePageView: MustacheParent {
    public func child(named lookup: String) -> Any? {
        switch lookup {
        case "summary": summary
        case "bodyHTML": bodyHTML
        case "toc": toc
        default: nil
        }
    }
}

extension NotFoundView: MustacheParent {
    public func child(named lookup: String) -> Any? {
        switch lookup {
        case "latest": latest
        default: nil
        }
    }
}
