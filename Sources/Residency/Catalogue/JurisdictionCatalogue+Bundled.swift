// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation

extension JurisdictionCatalogue {
    /// The catalogue shipped with this version of Strait (`Sources/Residency/Resources/catalogue.json`).
    ///
    /// - Throws: ``CatalogueError`` if the file is missing or invalid (a packaging error).
    public static func bundled() throws(CatalogueError) -> JurisdictionCatalogue {
        guard let url = Bundle.module.url(forResource: "catalogue", withExtension: "json"),
            let data = try? Data(contentsOf: url)
        else {
            throw CatalogueError(path: "catalogue.json", message: "the shipped catalogue is missing")
        }
        return try parse(Array(data))
    }
}
