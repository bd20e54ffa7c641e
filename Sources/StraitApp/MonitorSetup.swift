// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import Foundation
public import Monitor
import Yams

/// Loading Monitor's scenario files (YAML or JSON) and models.
public enum MonitorSetup {
    /// A model written by `strait monitor train`. Inputs are only ever appended to
    /// ``AnomalyModel/inputs``, so a model trained by an earlier version (fewer inputs) still scores
    /// the inputs it knows.
    public static func model(path: String) throws -> AnomalyModel {
        guard let data = FileManager.default.contents(atPath: path) else { throw ScenarioError(path, "cannot be read") }
        guard let model = try? JSONDecoder().decode(AnomalyModel.self, from: data), (1...AnomalyModel.inputs.count).contains(model.weights.count),
            model.means.count == model.weights.count, model.deviations.count == model.weights.count
        else { throw ScenarioError(path, "is not a model written by strait monitor train") }
        return model
    }

    /// The scenario set in `path` (YAML, or JSON, which is YAML too), or the shipped defaults.
    public static func scenarios(path: String?, jurisdictions: HighRiskJurisdictions = .shipped) throws -> ScenarioSet {
        guard let path else { return try ScenarioSet(.defaults, jurisdictions: jurisdictions) }
        guard let data = FileManager.default.contents(atPath: path) else { throw ScenarioError(path, "cannot be read") }
        let document: ScenarioDocument
        do {
            document = try YAMLDecoder().decode(ScenarioDocument.self, from: data)
        } catch {
            throw ScenarioError(decoding: error, path: path)
        }
        return try ScenarioSet(document, jurisdictions: jurisdictions)
    }
}
