/// The code lists that ship inside the tool (SPEC §3.1), embedded in the binary so that
/// the tool needs no resource files beside it.
public enum BuiltInRegistries {
    public static let names = ["isic-rev4", "isco-08", "isced-f-2013", "csco-2022"]

    /// The registry of that name, parsed from the embedded CSV.
    public static func registry(named name: String) -> Registry? {
        let bytes: [UInt8]
        switch name {
        case "isic-rev4": bytes = PackageResources.isic_rev4_csv
        case "isco-08": bytes = PackageResources.isco_08_csv
        case "isced-f-2013": bytes = PackageResources.isced_f_2013_full_csv
        case "csco-2022": bytes = PackageResources.csco_2022_csv
        default: return nil
        }
        // The shipped files are checked by tests; a parse problem here is a packaging bug.
        return Registry.parse(name: name, csv: String(decoding: bytes, as: UTF8.self), path: "<built-in \(name)>").0
    }
}
