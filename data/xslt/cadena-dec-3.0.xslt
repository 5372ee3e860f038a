<?xml version="1.0" encoding="UTF-8"?>
<!-- SPDX-License-Identifier: GPL-3.0-or-later -->
<!-- The cadena original of a Dec 3.0 certificate (docs/mec-domain.md, section 3):
     "||" + the values below separated by "|" + "||", each value passed
     through normalize-space(), an absent value leaving an empty slot.
     Certifica computes the same bytes in C (src/core/cf-cadena.c); a test
     compares both on hundreds of generated documents.
     Usage: xsltproc cadena-dec-3.0.xslt certificado.xml -->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:dec="https://www.siged.sep.gob.mx/certificados/">
  <xsl:output method="text" encoding="UTF-8" indent="no"/>

  <xsl:template match="/">
    <xsl:text>|</xsl:text>
    <xsl:apply-templates select="dec:Dec"/>
    <xsl:text>||</xsl:text>
  </xsl:template>

  <!-- "|" + the normalised value of the first node of $node ("" when none). -->
  <xsl:template name="value">
    <xsl:param name="node"/>
    <xsl:text>|</xsl:text>
    <xsl:value-of select="normalize-space($node)"/>
  </xsl:template>

  <xsl:template match="dec:Dec">
    <xsl:call-template name="value"><xsl:with-param name="node" select="@version"/></xsl:call-template>
    <xsl:call-template name="value"><xsl:with-param name="node" select="@tipoCertificado"/></xsl:call-template>
    <xsl:call-template name="value"><xsl:with-param name="node" select="dec:ServicioFirmante[1]/@idEntidad"/></xsl:call-template>
    <xsl:call-template name="value"><xsl:with-param name="node" select="dec:Ipes[1]/@idNombreInstitucion"/></xsl:call-template>
    <xsl:call-template name="value"><xsl:with-param name="node" select="dec:Ipes[1]/@idCampus"/></xsl:call-template>
    <xsl:call-template name="value"><xsl:with-param name="node" select="dec:Ipes[1]/@idEntidadFederativa"/></xsl:call-template>
    <xsl:call-template name="value"><xsl:with-param name="node" select="dec:Ipes[1]/dec:Responsable[1]/@curp"/></xsl:call-template>
    <xsl:call-template name="value"><xsl:with-param name="node" select="dec:Ipes[1]/dec:Responsable[1]/@idCargo"/></xsl:call-template>
    <xsl:call-template name="value"><xsl:with-param name="node" select="dec:Rvoe[1]/@numero"/></xsl:call-template>
    <xsl:call-template name="value"><xsl:with-param name="node" select="dec:Rvoe[1]/@fechaExpedicion"/></xsl:call-template>
    <xsl:call-template name="value"><xsl:with-param name="node" select="dec:Carrera[1]/@idCarrera"/></xsl:call-template>
    <xsl:call-template name="value"><xsl:with-param name="node" select="dec:Carrera[1]/@idTipoPeriodo"/></xsl:call-template>
    <xsl:call-template name="value"><xsl:with-param name="node" select="dec:Carrera[1]/@clavePlan"/></xsl:call-template>
    <xsl:call-template name="value"><xsl:with-param name="node" select="dec:Carrera[1]/@idNivelEstudios"/></xsl:call-template>
    <xsl:call-template name="value"><xsl:with-param name="node" select="dec:Carrera[1]/@calificacionMinima"/></xsl:call-template>
    <xsl:call-template name="value"><xsl:with-param name="node" select="dec:Carrera[1]/@calificacionMaxima"/></xsl:call-template>
    <xsl:call-template name="value"><xsl:with-param name="node" select="dec:Carrera[1]/@calificacionMinimaAprobatoria"/></xsl:call-template>
    <xsl:call-template name="value"><xsl:with-param name="node" select="dec:Alumno[1]/@numeroControl"/></xsl:call-template>
    <xsl:call-template name="value"><xsl:with-param name="node" select="dec:Alumno[1]/@curp"/></xsl:call-template>
    <xsl:call-template name="value"><xsl:with-param name="node" select="dec:Alumno[1]/@nombre"/></xsl:call-template>
    <xsl:call-template name="value"><xsl:with-param name="node" select="dec:Alumno[1]/@primerApellido"/></xsl:call-template>
    <xsl:call-template name="value"><xsl:with-param name="node" select="dec:Alumno[1]/@segundoApellido"/></xsl:call-template>
    <xsl:call-template name="value"><xsl:with-param name="node" select="dec:Alumno[1]/@idGenero"/></xsl:call-template>
    <xsl:call-template name="value"><xsl:with-param name="node" select="dec:Alumno[1]/@fechaNacimiento"/></xsl:call-template>
    <xsl:call-template name="value"><xsl:with-param name="node" select="dec:Expedicion[1]/@idTipoCertificacion"/></xsl:call-template>
    <xsl:call-template name="value"><xsl:with-param name="node" select="dec:Expedicion[1]/@fecha"/></xsl:call-template>
    <xsl:call-template name="value"><xsl:with-param name="node" select="dec:Expedicion[1]/@idLugarExpedicion"/></xsl:call-template>
    <xsl:call-template name="value"><xsl:with-param name="node" select="dec:Asignaturas[1]/@total"/></xsl:call-template>
    <xsl:call-template name="value"><xsl:with-param name="node" select="dec:Asignaturas[1]/@asignadas"/></xsl:call-template>
    <xsl:call-template name="value"><xsl:with-param name="node" select="dec:Asignaturas[1]/@promedio"/></xsl:call-template>
    <xsl:call-template name="value"><xsl:with-param name="node" select="dec:Asignaturas[1]/@totalCreditos"/></xsl:call-template>
    <xsl:call-template name="value"><xsl:with-param name="node" select="dec:Asignaturas[1]/@creditosObtenidos"/></xsl:call-template>
    <xsl:call-template name="value"><xsl:with-param name="node" select="dec:Asignaturas[1]/@numeroCiclos"/></xsl:call-template>
    <xsl:for-each select="dec:Asignaturas[1]/dec:Asignatura">
      <xsl:call-template name="value"><xsl:with-param name="node" select="@idAsignatura"/></xsl:call-template>
      <xsl:call-template name="value"><xsl:with-param name="node" select="@ciclo"/></xsl:call-template>
      <xsl:call-template name="value"><xsl:with-param name="node" select="@calificacion"/></xsl:call-template>
      <xsl:call-template name="value"><xsl:with-param name="node" select="@idTipoAsignatura"/></xsl:call-template>
      <xsl:call-template name="value"><xsl:with-param name="node" select="@creditos"/></xsl:call-template>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
