/** The shared page primitives: import from here rather than writing class strings in pages. */
export { Button, buttonClass, ButtonLink, type ButtonSize, type ButtonVariant } from "./Button.tsx";
export { controlClass, Input, Select, Textarea } from "./Input.tsx";
export { Field } from "./Field.tsx";
export { Badge, type BadgeTone } from "./Badge.tsx";
export { Card, PageHeader, Stat } from "../Card.tsx";
export { Notice } from "../Notice.tsx";
