package org.ecoeval.submission.api;

/** Examples of the OpenAPI document, from the 2024 plan of Hexigten Banner (150425-2024). */
final class ApiExamples {
    static final String FOREST_DRAFT = """
            {"task": "FOREST-DATA", "values": [
              {"indicator": "EQI.PATTERN", "year": 2023, "value": 61.2},
              {"indicator": "EQI.PATTERN", "year": 2024, "value": 61.9}],
             "evidence": ["3f1c2b9e-8a4d-4e0f-9a51-2d6c1e7b0a44"],
             "note": "林草局 2024 年林草生态数据"}""";
    static final String FIN_DRAFT = """
            {"task": "FIN-INVEST", "values": [],
             "materials": {"budget-report": ["5b0e7c1a-2f3d-4c6b-8e9a-0d1f2a3b4c5d"]},
             "note": "旗财政局: 2024 年生态环境保护投入及支出凭证"}""";
    static final String RECEIPT = """
            {"id": "0b6f1e7a-3c2d-4e5f-8a9b-1c2d3e4f5a6b", "version": 1, "status": "SUBMITTED",
             "submittedAt": "2024-10-18T02:30:00Z", "late": false}""";
    static final String VALIDATION = """
            {"type": "https://ecoeval.org/problems/validation", "title": "The request breaks validation rules",
             "status": 422, "detail": "1 rule broken", "instance": "/api/v1/evaluations/150425-2024/submissions",
             "violations": [{"field": "values[0].indicator", "rule": "task-indicator",
               "message": "FOREST-DATA does not feed ENV.WATER.CLASS_III_RATIO"}]}""";
    static final String CONFLICT = """
            {"type": "https://ecoeval.org/problems/submission-exists", "title": "Conflict with the current state",
             "status": 409, "detail": "task instance FOREST-DATA already has a submission: revise it with PUT",
             "instance": "/api/v1/evaluations/150425-2024/submissions"}""";

    private ApiExamples() {
    }
}
